import GitKit
import PeopleSyncCore

/// What a sync is asked to do, the same for every tenant of a run.
struct SyncRequest {
  /// `--as-of`; nil: today in the tenant's time zone, settled once per tenant (`StateReader.asOf`).
  var asOf: Day?
  var overrideSafeguard = false
  /// False plans at once, for a caller that knows the inputs just changed (the server's sync
  /// after writes): looking back for an unchanged last sync would only cost it time.
  var lookForUnchanged = true
}

/// How a written sync becomes a commit the branch points at. `sync` and `run-daily` commit and
/// move the branch themselves (`BranchPublisher`); the SCIM server hands the commit to its group
/// committer, between two batches of writes (`CommitterPublisher`).
protocol SyncPublisher {
  /// Attempts before the run gives up with a contention error.
  var maxAttempts: Int { get }
  /// Where the commits go, as the outcome reports it (`origin/main` with `--push`); nil for the local branch.
  var pushedTo: String? { get }
  /// Commits `prepared`, planned on `head`, and moves the branch to it, with the tenant's keys
  /// locked in `keys`: the commit and its tree, or nil when another writer moved the branch first
  /// and the run must plan again on the new head.
  func publish(_ prepared: PreparedSync, on head: ObjectID, attempt: Int, keys: DataProtection) throws -> (
    commit: ObjectID, tree: ObjectID
  )?
  /// When the run is about to plan (no unchanged last sync): work that can overlap the plan.
  func planning()
  /// After the published sync's keys are settled.
  func finished(_ prepared: PreparedSync)
  /// The error for a run that lost every attempt; nil for the run's own.
  func contention(_ tenant: String) -> Error?
}

/// One sync of one tenant, as `sync`, `run-daily` and the SCIM server's follower all make it. The
/// phases, in order: `read` the branch head, settle the as-of date, look for an unchanged last sync
/// (`SyncShortcut`), `Planning` (read the inputs → validate → desired directory and plan), `write`
/// the changed objects, then the publisher commits and moves the branch, and `published` destroys
/// the keys the sync purged. When another writer moved the branch meanwhile, the run plans again
/// on its commit.
struct SyncRun {
  static let maxAttempts = 20

  let app: AppContext
  let tenant: String
  /// The branch synced: the one HEAD names.
  let branch: String
  let request: SyncRequest
  /// The tenant's keys: read, changed and saved under its lock, held from reading to publishing
  /// and released after each attempt.
  let protection: DataProtection

  init(app: AppContext, tenant: String, branch: String, request: SyncRequest) {
    self.app = app
    self.tenant = tenant
    self.branch = branch
    self.request = request
    protection = app.protection(writing: true)
  }

  /// Runs the phases until a commit is published or the tenant needs none.
  func run(publishing publisher: some SyncPublisher) throws -> SyncOutcome {
    var asOf = request.asOf
    for attempt in 0..<publisher.maxAttempts {
      defer { protection.release(tenant) }
      guard let head = try app.repository.referenceTarget(branch) else {
        throw AppError.repository("\(branch) disappeared during the sync")
      }
      let reader = try read(at: head)
      // Settled at the first attempt and kept for the retries: a run that crosses midnight
      // plans every attempt for the same day.
      let day = try asOf ?? reader.asOf(tenant, given: nil, now: app.settings.now())
      asOf = day
      let prepared: PreparedSync
      switch try prepare(reader, asOf: day, planning: publisher.planning) {
      case .done(let outcome): return outcome.retried(attempt)
      case .prepared(let sync): prepared = sync
      }
      guard let made = try publisher.publish(prepared, on: head, attempt: attempt, keys: protection) else { continue }
      try prepared.published(tree: made.tree, repository: app.repository, protection: protection)
      publisher.finished(prepared)
      var outcome = SyncOutcome(
        plan: prepared.plan, result: .committed(made.commit), objectsWritten: prepared.objectsWritten, retries: attempt)
      outcome.pushedTo = publisher.pushedTo
      return outcome
    }
    throw publisher.contention(tenant)
      ?? AppError.contention("\(branch) kept moving during \(publisher.maxAttempts) attempts to sync \(tenant); nothing was committed")
  }

  /// Read: the committed state at `head`. An encrypted tenant first finishes the purges an earlier
  /// sync published but was stopped before destroying their keys.
  func read(at head: ObjectID) throws -> StateReader {
    let reader = try app.reader(at: head, protection: protection)
    if let config = try? reader.config(tenant).config, config.encryption.enabled {
      try context("finishing the purges of an earlier sync of \(tenant)") {
        try Shredding.settle(tenant, tree: reader.tree, repository: app.repository, protection: protection, expiry: nil)
        try protection.save(tenant)
      }
    }
    return reader
  }

  /// Everything up to the commit: the shortcut, the plan and the write. A sync that needs no
  /// commit is `done`; otherwise the tenant's keys stay locked until the caller releases them.
  /// `planning` runs once the shortcut has not applied, before the plan.
  func prepare(_ reader: StateReader, asOf: Day, planning: () -> Void = {}) throws -> Preparation {
    // An override changes what a plan holds, so it always plans in full.
    if request.lookForUnchanged && !request.overrideSafeguard, let same = try unchanged(reader, asOf: asOf) {
      var outcome = SyncOutcome(plan: same.plan, result: .unchanged, objectsWritten: 0, retries: 0)
      outcome.unchangedSince = same.since
      return .done(outcome)
    }
    planning()
    let planned = try Planning(settings: app.settings).plan(
      tenant, reader: reader, asOf: asOf, overrideSafeguard: request.overrideSafeguard)
    let plan = planned.plan
    if !plan.blockingErrors.isEmpty { return .done(SyncOutcome(plan: plan, result: .blocked, objectsWritten: 0, retries: 0)) }
    // Held deprovisions are the plan's too: the rest is committed, and the outcome says what was held.
    if plan.isEmpty { return .done(SyncOutcome(plan: plan, result: .unchanged, objectsWritten: 0, retries: 0)) }
    return .prepared(try write(planned, reader: reader))
  }

  /// The shortcut: the tenant's last sync and its (empty) plan when nothing changed since.
  func unchanged(_ reader: StateReader, asOf: Day) throws -> (since: ObjectID, plan: TenantPlan)? {
    try PhaseTimer.measure("look for an unchanged last sync") {
      try SyncShortcut.unchanged(tenant: tenant, reader: reader, asOf: asOf, version: app.settings.version)
    }
  }

  /// Write: the changed entries and groups into a new tree (one pack for a large sync), and the
  /// keys the plan creates or schedules for destruction; not committed yet.
  func write(_ planned: PlannedTenant, reader: StateReader) throws -> PreparedSync {
    let (plan, inputs, repository) = (planned.plan, planned.inputs, app.repository)
    let override =
      plan.safeguard.isTripped && plan.safeguard.overridden
      ? "safeguard (\(plan.safeguard.explanation)) overridden by --override-safeguard" : nil
    let writer = try ObjectWriters.make(for: repository, objects: plan.changes.count)
    let tree = try context("writing the directory of \(tenant)") {
      try PhaseTimer.measure("write \(plan.changes.count) entries of \(tenant)") {
        try Planning(settings: app.settings).applyTree(planned, baseTree: reader.tree, repository: repository, writer: writer)
      }
    }
    try PhaseTimer.measure("finish writing objects") { try writer.finish() }
    let encrypted = inputs.config?.encryption.enabled == true
    let expiry = try context("updating the keys of \(tenant)") {
      let expiry = try Shredding.schedule(plan, inputs: inputs, protection: protection)
      try protection.save(tenant)
      return expiry
    }
    let (recorded, version) = (inputs.recorded!, app.settings.version)
    return PreparedSync(
      tenant: tenant, plan: plan, base: (reader.commit!, reader.tree), tree: tree, objectsWritten: writer.objectsWritten,
      message: { plannedOn in
        SyncMessage.make(
          plan: plan, inputs: recorded, version: version, override: override, personalData: !encrypted, plannedOn: plannedOn?.hex)
      }, expiry: expiry,
      scimPurge: { tree, repository, writer, editor in
        try SCIMPurge.apply(plan, inputs: inputs, tree: tree, repository: repository, writer: writer, to: &editor)
      })
  }
}

/// What `SyncRun.prepare` found: a sync that needs no commit, or one ready to commit.
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
