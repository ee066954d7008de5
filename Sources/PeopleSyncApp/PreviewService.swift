import GitKit
import PeopleSyncCore

/// What merging a pull request would do to the directory.
package struct Preview {
  package let base: ObjectID
  package let head: ObjectID
  /// The tree the merge produces.
  package let tree: ObjectID
  /// The plans of the tenants in the merged tree, as `sync` would make them after the merge.
  package let plans: [TenantPlan]
  /// Configuration and snapshot files the pull request changes, per tenant.
  package let inputChanges: [String: [String]]
}

/// `plan --base --head`: plans the tree `git merge` would produce, with the planner `sync` uses.
package final class PreviewService: AppService {
  package let app: AppContext

  package init(_ app: AppContext) { self.app = app }

  package func preview(base: String, head: String, tenant: String?, asOf: Day?) throws -> Preview {
    let baseCommit = try context("resolving --base \(base)") { try repository.resolveCommit(base) }
    let headCommit = try context("resolving --head \(head)") { try repository.resolveCommit(head) }
    let merged: ObjectID
    switch try repository.mergedTree(base: baseCommit, head: headCommit) {
    case .tree(let tree): merged = tree
    case .conflicts(let paths):
      throw AppError.invalidInput(
        summary: "\(head) does not merge cleanly into \(base): conflicts in \(paths.joined(separator: ", ")); resolve them first",
        diagnostics: [])
    }
    let reader = StateReader(repository: repository, tree: merged, protection: app.protection(writing: false), caches: app.caches)
    let planning = Planning(settings: settings)
    let tenants = try reader.selectTenants(tenant)
    let plans = try tenants.map { try planning.plan($0, reader: reader, asOf: try reader.asOf($0, given: asOf, now: settings.now())).plan }
    var inputs: [String: [String]] = [:]
    let baseTree = try repository.commit(baseCommit).tree
    try repository.changedBlobs(from: baseTree, to: merged) { blob in
      let parts = blob.path.split(separator: "/", maxSplits: 2)
      guard parts.count == 3, parts[0] == "tenants", tenants.contains(String(parts[1])), !parts[2].hasPrefix("directory/") else { return }
      inputs[String(parts[1]), default: []].append(blob.path)
    }
    return Preview(base: baseCommit, head: headCommit, tree: merged, plans: plans, inputChanges: inputs)
  }
}
