import GitKit
import PeopleSyncCore

/// The result of replaying a sync commit.
package struct ReplayOutcome {
  package let commit: ObjectID
  package let tenant: String
  package let asOf: Day
  package let recordedTree: ObjectID
  package let replayedTree: ObjectID
  /// Recorded inputs that differ from those found in the parent commit.
  package let inputMismatch: Bool

  package var reproduces: Bool { recordedTree == replayedTree && !inputMismatch }
}

/// `replay`: re-runs a sync from its parent (or the earlier commit it was planned at, for a
/// server's sync) and recorded as-of date, and checks the tree is the same.
package final class ReplayService: AppService {
  package let app: AppContext

  package init(_ app: AppContext) { self.app = app }

  package func replay(_ revision: String) throws -> ReplayOutcome {
    let id = try context("resolving \(revision)") { try repository.resolveCommit(revision) }
    let commit = try repository.commit(id)
    guard let recorded = SyncMessage.recorded(commit.message), commit.message.hasPrefix("sync ") else {
      throw AppError.usage("\(id.short) is not a sync commit (it has no PeopleSync trailers)")
    }
    guard let parent = commit.parents.first else { throw AppError.usage("\(id.short) has no parent to replay from") }
    // Planned at an ancestor: the commits between changed nothing of the tenant's directory (the
    // server checked), so the plan made there applies to the parent's tree.
    var basis = parent
    if let text = recorded.plannedOn {
      guard let planned = ObjectID(hex: text), try repository.mergeBase(planned, parent) == planned else {
        throw AppError.invalidInput(
          summary: "\(id.short) was planned at \(text), which is not one of its ancestors",
          diagnostics: [])
      }
      basis = planned
    }
    let reader = try app.reader(at: basis)
    let parentTree = basis == parent ? reader.tree : try repository.commit(parent).tree
    let planning = Planning(settings: settings)
    let planned = try planning.plan(recorded.tenant, reader: reader, asOf: recorded.asOf, overrideSafeguard: recorded.override != nil)
    let (plan, inputs) = (planned.plan, planned.inputs)
    guard plan.blockingErrors.isEmpty else {
      throw AppError.invalidInput(
        summary: "the inputs of \(id.short)'s \(basis == parent ? "parent" : "planning commit") do not plan",
        diagnostics: plan.blockingErrors)
    }
    // SCIM users it read whose people were purged since: the sync cannot be computed again.
    if inputs.scimErased > 0 {
      throw AppError.keys(
        "\(id.short) cannot be replayed: \(inputs.scimErased) of the SCIM users it read stood for people purged since, and are erased with their keys"
      )
    }
    // People this sync wrote who were purged since: their keys are gone, so are the blobs' contents.
    if inputs.config?.encryption.enabled == true, let keys = try reader.protection.keys(recorded.tenant, creating: false) {
      let erased = plan.changes.filter { $0.after.status != .purged && keys.erased.contains($0.id) }.count
      if erased > 0 {
        throw AppError.keys(
          "\(id.short) cannot be replayed: \(erased) of the people it wrote were purged since, and their data is erased with their keys")
      }
    }
    let tree = try planning.applyTree(planned, baseTree: parentTree, repository: repository, writer: HashingObjectWriter())
    return ReplayOutcome(
      commit: id, tenant: recorded.tenant, asOf: recorded.asOf, recordedTree: commit.tree, replayedTree: tree,
      inputMismatch: inputs.recorded != recorded.inputs)
  }
}
