import Foundation
import GitKit
import PeopleSyncCore

/// What a sync did for one tenant.
package struct SyncOutcome {
  package enum Result {
    case committed(ObjectID)
    case unchanged
    /// The inputs have errors; nothing was changed.
    case blocked
  }

  /// What was planned; `plan.held` lists the deprovisions the safeguard held back (the rest was
  /// committed, or there was nothing else).
  package let plan: TenantPlan
  package let result: Result
  /// Objects written (blobs and trees); proportional to the changes.
  package let objectsWritten: Int
  /// Attempts needed because another writer moved the branch.
  package let retries: Int
  /// With `--push`: where the commit was pushed (`origin/main`).
  package var pushedTo: String?
  /// Unchanged because nothing changed since this sync commit (same inputs, as-of date and
  /// directory): not planned again.
  package var unchangedSince: ObjectID?
}

/// What `SyncService.prepare` found: a sync that needs no commit, or one ready to commit.
enum Preparation {
  case done(SyncOutcome)
  case prepared(PreparedSync)
}

/// A sync planned and written at `base` but not committed yet.
struct PreparedSync {
  let tenant: String
  let plan: TenantPlan
  let base: (commit: ObjectID, tree: ObjectID?)
  /// `base`'s tree with the tenant's directory as the plan leaves it.
  let tree: ObjectID
  let objectsWritten: Int
  /// The commit message; with the commit it was planned at when that is not its parent.
  let message: (_ plannedOn: ObjectID?) -> String
  /// What `published` expires once the commit is on the branch; nil for a plain tenant.
  let expiry: Shredding.Expiry?
  /// Removes from a tree what the plan purges in a plain tenant's SCIM sources (`SCIMPurge`), for a
  /// commit made on a newer head than the plan's.
  let scimPurge: (_ tree: ObjectID?, _ repository: Repository, _ writer: ObjectWriter, _ editor: inout TreeEditor) throws -> Void

  /// Once the branch holds the commit made of `tree`: destroys the keys this sync purged and
  /// those past the replay window, and saves them (the tenant's keys are locked again if need be).
  /// A failure here leaves the commit in place; the next sync settles first and finishes it.
  func published(tree: ObjectID, repository: Repository, protection: DataProtection) throws {
    guard let expiry else { return }
    try context("destroying the keys the sync of \(tenant) purged (committed; the next sync finishes this)") {
      try Shredding.settle(tenant, tree: tree, repository: repository, protection: protection, expiry: expiry)
      try protection.save(tenant)
    }
  }
}

extension SyncOutcome {
  func retried(_ attempts: Int) -> SyncOutcome {
    var outcome = SyncOutcome(plan: plan, result: result, objectsWritten: objectsWritten, retries: attempts)
    outcome.unchangedSince = unchangedSince
    outcome.pushedTo = pushedTo
    return outcome
  }
}

/// `plan` and `sync`: the same phases, with `sync` adding write, commit and move the branch.
package final class SyncService {
  package let repository: Repository
  let settings: Settings
  static let maxAttempts = 20
  /// With `--push`: commits are planned on the remote's branch and pushed there (`BranchPush`).
  package var push: BranchPush?

  package init(repository: Repository, settings: Settings) {
    self.repository = repository
    self.settings = settings
  }

  /// Plans every selected tenant at `revision` (default: the branch head).
  package func plan(revision: String?, tenant: String?, asOf: Day?) throws -> [TenantPlan] {
    let commit = try resolve(revision)
    let reader = try StateReader(repository: repository, commit: commit, protection: settings.protection(for: repository, writing: false))
    let planning = Planning(settings: settings)
    return try reader.selectTenants(tenant).map { try planning.plan($0, reader: reader, asOf: asOf).plan }
  }

  /// Each tenant's quarantine period at `revision`, for tenants whose configuration reads.
  package func quarantineDays(revision: String?, tenants: [String]) throws -> [String: Int] {
    let reader = try StateReader(
      repository: repository, commit: try resolve(revision), protection: settings.protection(for: repository, writing: false))
    var result: [String: Int] = [:]
    for tenant in tenants { if let config = try reader.config(tenant).config { result[tenant] = config.quarantineDays } }
    return result
  }

  func resolve(_ revision: String?) throws -> ObjectID? {
    if let revision { return try context("resolving --rev \(revision)") { try repository.resolveCommit(revision) } }
    let branch = try context("reading HEAD") { try repository.headBranch() }
    return try repository.referenceTarget(branch)
  }

  /// Syncs every selected tenant onto the branch HEAD points at, one commit per tenant that changes.
  /// `lookForUnchanged: false` plans at once, for a caller that knows the inputs just changed (the
  /// server's sync after writes): looking back for an unchanged last sync would only cost it time.
  package func sync(tenant: String?, asOf: Day?, overrideSafeguard: Bool, lookForUnchanged: Bool = true) throws -> [SyncOutcome] {
    let branch = try context("reading HEAD") { try repository.headBranch() }
    WorkingTree.repair(repository, branch: branch)
    // Planned on the remote's head: the local branch is brought to it first.
    try push?.start()
    guard let head = try repository.referenceTarget(branch) else {
      throw AppError.usage("\(branch) has no commits yet: commit the tenants' configuration first")
    }
    let protection = settings.protection(for: repository, writing: false)
    let reader = try StateReader(repository: repository, commit: head, protection: protection)
    let outcomes = try reader.selectTenants(tenant).map {
      try syncTenant($0, branch: branch, asOf: asOf, overrideSafeguard: overrideSafeguard, lookForUnchanged: lookForUnchanged)
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

  private func syncTenant(_ tenant: String, branch: String, asOf: Day?, overrideSafeguard: Bool, lookForUnchanged: Bool) throws
    -> SyncOutcome
  {
    let protection = settings.protection(for: repository, writing: true)
    let attempts = push == nil ? Self.maxAttempts : BranchPush.maxAttempts
    for attempt in 0..<attempts {
      // Keys are read, changed and saved under the tenant's lock, held until the commit is published.
      defer { protection.release(tenant) }
      guard let head = try repository.referenceTarget(branch) else { throw AppError.repository("\(branch) disappeared during the sync") }
      let prepared: PreparedSync
      switch try prepare(
        tenant, at: head, asOf: asOf, overrideSafeguard: overrideSafeguard, lookForUnchanged: lookForUnchanged, protection: protection)
      {
      case .done(let outcome): return outcome.retried(attempt)
      case .prepared(let sync): prepared = sync
      }
      settings.progress.begin("\(tenant): commit")
      let commit = try context("committing the sync of \(tenant)") {
        try repository.createCommit(
          tree: prepared.tree, parents: [head], message: prepared.message(nil), author: author(),
          time: Int64(settings.now().timeIntervalSince1970))
      }
      WorkingTree.expect(repository, branch: branch, from: prepared.base.tree, to: prepared.tree)
      do {
        if let push {
          // Not taken: the local branch now shows the remote's new head, to plan again on.
          guard try push.publish(commit, on: head, what: "sync \(tenant)", attempt: attempt + 1) else { continue }
        } else {
          try repository.updateReference(branch, to: commit, expected: head, logMessage: "peoplesync sync \(tenant)")
        }
        try prepared.published(tree: prepared.tree, repository: repository, protection: protection)
        WorkingTree.follow(repository, branch: branch, from: prepared.base.tree, to: prepared.tree)
        var outcome = SyncOutcome(
          plan: prepared.plan, result: .committed(commit), objectsWritten: prepared.objectsWritten, retries: attempt)
        outcome.pushedTo = push?.target
        return outcome
      } catch let error as GitError where error.isConcurrentUpdate {
        continue  // Another writer moved the branch: plan again on top of its commit.
      }
    }
    if let push { throw push.contention("sync \(tenant)") }
    throw AppError.contention("\(branch) kept moving during \(Self.maxAttempts) attempts to sync \(tenant); nothing was committed")
  }

  /// Plans `tenant` at `head` and writes what the plan changes, without committing: a sync that
  /// needs no commit is `done`. The caller commits the prepared tree and then releases the
  /// tenant's keys (`protection.release`), which stay locked from here to the commit.
  func prepare(
    _ tenant: String, at head: ObjectID, asOf: Day?, overrideSafeguard: Bool, lookForUnchanged: Bool, protection: DataProtection
  ) throws -> Preparation {
    let planning = Planning(settings: settings)
    let reader = try StateReader(repository: repository, commit: head, protection: protection)
    if let config = try? reader.config(tenant).config, config.encryption.enabled {
      // Purges an earlier sync published but was stopped before destroying their keys.
      try context("finishing the purges of an earlier sync of \(tenant)") {
        try Shredding.settle(tenant, tree: reader.tree, repository: repository, protection: protection, expiry: nil)
        try protection.save(tenant)
      }
    }
    // An override changes what a plan holds, so it always plans in full.
    if lookForUnchanged && !overrideSafeguard,
      let same = try PhaseTimer.measure(
        "look for an unchanged last sync", { try SyncShortcut.unchanged(tenant: tenant, reader: reader, asOf: asOf, settings: settings) })
    {
      var outcome = SyncOutcome(plan: same.plan, result: .unchanged, objectsWritten: 0, retries: 0)
      outcome.unchangedSince = same.since
      return .done(outcome)
    }
    let planned = try planning.plan(tenant, reader: reader, asOf: asOf, overrideSafeguard: overrideSafeguard)
    let (plan, inputs) = (planned.plan, planned.inputs)
    if !plan.blockingErrors.isEmpty { return .done(SyncOutcome(plan: plan, result: .blocked, objectsWritten: 0, retries: 0)) }
    // Held deprovisions are the plan's too: the rest is committed, and the outcome says what was held.
    if plan.isEmpty { return .done(SyncOutcome(plan: plan, result: .unchanged, objectsWritten: 0, retries: 0)) }
    let override =
      plan.safeguard.isTripped && plan.safeguard.overridden
      ? "safeguard (\(plan.safeguard.explanation)) overridden by --override-safeguard" : nil
    let writer = try ObjectWriters.make(for: repository, objects: plan.changes.count)
    let tree = try context("writing the directory of \(tenant)") {
      try PhaseTimer.measure("write \(plan.changes.count) entries of \(tenant)") {
        try planning.applyTree(planned, baseTree: reader.tree, repository: repository, writer: writer)
      }
    }
    try PhaseTimer.measure("finish writing objects") { try writer.finish() }
    let encrypted = inputs.config?.encryption.enabled == true
    let expiry = try context("updating the keys of \(tenant)") {
      let expiry = try Shredding.schedule(plan, inputs: inputs, protection: protection)
      try protection.save(tenant)
      return expiry
    }
    let (recorded, version) = (inputs.recorded!, settings.version)
    return .prepared(
      PreparedSync(
        tenant: tenant, plan: plan, base: (head, reader.tree), tree: tree, objectsWritten: writer.objectsWritten,
        message: { plannedOn in
          SyncMessage.make(
            plan: plan, inputs: recorded, version: version, override: override, personalData: !encrypted, plannedOn: plannedOn?.hex)
        }, expiry: expiry,
        scimPurge: { tree, repository, writer, editor in
          try SCIMPurge.apply(plan, inputs: inputs, tree: tree, repository: repository, writer: writer, to: &editor)
        }))
  }

  func author() -> (name: String, email: String) {
    settings.author ?? repository.defaultSignature() ?? ("PeopleSync", "peoplesync@localhost")
  }
}
