import GitKit
import PeopleSyncCore

/// `plan` and `sync`: the same phases (`Planning`), with `sync` adding write, commit and move the
/// branch (`SyncRun`, one per tenant).
package final class SyncService: AppService {
  package let app: AppContext
  /// With `--push`: commits are planned on the remote's branch and pushed there (`BranchPush`).
  package var push: BranchPush?

  package init(_ app: AppContext) { self.app = app }

  /// Plans every selected tenant at `revision` (default: the branch head).
  package func plan(revision: String?, tenant: String?, asOf: Day?) throws -> [TenantPlan] {
    let commit = try resolve(revision)
    let reader = try app.reader(at: commit)
    let planning = Planning(settings: settings)
    return try reader.selectTenants(tenant).map {
      try planning.plan($0, reader: reader, asOf: try reader.asOf($0, given: asOf, now: settings.now())).plan
    }
  }

  /// Each tenant's quarantine period at `revision`, for tenants whose configuration reads.
  package func quarantineDays(revision: String?, tenants: [String]) throws -> [String: Int] {
    let reader = try app.reader(at: try resolve(revision))
    var result: [String: Int] = [:]
    for tenant in tenants { if let config = try reader.config(tenant).config { result[tenant] = config.quarantineDays } }
    return result
  }

  func resolve(_ revision: String?) throws -> ObjectID? {
    if let revision { return try context("resolving --rev \(revision)") { try repository.resolveCommit(revision) } }
    let branch = try context("reading HEAD") { try repository.headBranch() }
    return try repository.referenceTarget(branch)
  }

  /// Syncs every selected tenant onto the branch HEAD points at, one commit per tenant that changes
  /// (`SyncRun`); `lookForUnchanged` as in `SyncRequest`.
  package func sync(tenant: String?, asOf: Day?, overrideSafeguard: Bool, lookForUnchanged: Bool = true) throws -> [SyncOutcome] {
    let branch = try context("reading HEAD") { try repository.headBranch() }
    WorkingTree.repair(repository, branch: branch, preload: false)
    // Planned on the remote's head: the local branch is brought to it first.
    try push?.start()
    guard let head = try repository.referenceTarget(branch) else {
      throw AppError.usage("\(branch) has no commits yet: commit the tenants' configuration first")
    }
    let protection = app.protection(writing: false)
    let reader = try app.reader(at: head, protection: protection)
    let request = SyncRequest(asOf: asOf, overrideSafeguard: overrideSafeguard, lookForUnchanged: lookForUnchanged)
    let outcomes = try reader.selectTenants(tenant).map {
      try SyncRun(app: app, tenant: $0, branch: branch, request: request).run(publishing: publisher(branch))
    }
    pruneSnapshotCaches(reader, protection: protection)
    return outcomes
  }

  /// Drops the parsed snapshots of tenants and sources no longer in the repository (HEAD as the
  /// sync began); when any tenant's configuration cannot be read, nothing is dropped.
  private func pruneSnapshotCaches(_ reader: StateReader, protection: DataProtection) {
    guard let tenants = try? reader.tenantIDs() else { return }
    var keep: Set<String> = []
    for tenant in tenants {
      guard let config = try? reader.config(tenant).config else { return }
      for source in config.sources { keep.insert(SnapshotCache.name(tenant, source.name)) }
    }
    SnapshotCache(repository: repository, protection: protection).prune(keeping: keep)
  }

  /// `sync` and `run-daily` publish each tenant's sync here: through `push`, or on the local branch.
  private func publisher(_ branch: String) -> BranchPublisher { BranchPublisher(app: app, branch: branch, push: push) }
}

/// Publishes a sync from `sync` or `run-daily`: the commit is made here and the local branch moved
/// by compare-and-swap, or the commit pushed (`--push`, `BranchPush`); the checked-out working
/// tree is told before and follows after (`WorkingTree`).
struct BranchPublisher: SyncPublisher {
  let app: AppContext
  let branch: String
  let push: BranchPush?

  var maxAttempts: Int { push == nil ? SyncRun.maxAttempts : BranchPush.maxAttempts }
  var pushedTo: String? { push?.target }

  func publish(_ prepared: PreparedSync, on head: ObjectID, attempt: Int, keys: DataProtection) throws -> (
    commit: ObjectID, tree: ObjectID
  )? {
    let (repository, tenant) = (app.repository, prepared.tenant)
    app.settings.progress.begin("\(tenant): commit")
    let commit = try context("committing the sync of \(tenant)") {
      try repository.createCommit(
        tree: prepared.tree, parents: [head], message: prepared.message(nil), author: app.author(),
        time: Int64(app.settings.now().timeIntervalSince1970))
    }
    WorkingTree.expect(repository, branch: branch, from: prepared.base.tree, to: prepared.tree)
    do {
      if let push {
        // Not taken: the local branch now shows the remote's new head, to plan again on.
        guard try push.publish(commit, on: head, what: "sync \(tenant)", attempt: attempt + 1) else { return nil }
      } else {
        try repository.updateReference(branch, to: commit, expected: head, logMessage: "peoplesync sync \(tenant)")
      }
    } catch let error as GitError where error.isConcurrentUpdate {
      return nil  // Another writer moved the branch: plan again on top of its commit.
    }
    return (commit, prepared.tree)
  }

  /// The checked-out working tree's index is read while the sync plans, for its files to follow.
  func planning() { WorkingTree.preload(app.repository, branch: branch) }

  func finished(_ prepared: PreparedSync) {
    WorkingTree.follow(app.repository, branch: branch, from: prepared.base.tree, to: prepared.tree)
  }

  func contention(_ tenant: String) -> Error? { push?.contention("sync \(tenant)") }
}
