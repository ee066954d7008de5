/// The working state of one planning run.
struct PlanRun {
  let input: PlanInput
  let identifier: any PersonIdentifier
  let threads: Int?
  var plan: TenantPlan
  var loaded: [PersonID: DirectoryEntry] = [:]
  var activeBefore = 0
  /// The tenant's enabled rules; nil when there are none.
  var engine: RuleEngine?
  /// Per record, how many active people it manages; only when a rule reads it.
  var directReports: [Int] = []
  /// Per record, its resolved manager (see `Resolver.managerTargets`), when direct reports were counted.
  var managerTargets: [Int32] = []
  /// Per group of the engine, the people the rules put there.
  var members: [[PersonID]] = []
  /// Group members kept as committed: people a rejected row names, or absent people whose absence proves nothing.
  var keptMembers: [String: [PersonID]] = [:]
  /// Entries found under another id (known by email, now with an Employee ID): old id → new.
  var relinked: [PersonID: PersonID] = [:]
  /// People deprovisioned by the reached Termination Date of a rejected row: not absent.
  var terminatedByRejectedRow = Set<PersonID>()
  /// The tenant's SCIM sources, whose people rules do not touch.
  let scimSources: Set<String>

  init(input: PlanInput, identifier: any PersonIdentifier, threads: Int?) {
    self.input = input
    self.identifier = identifier
    self.threads = threads
    plan = TenantPlan(tenant: input.config.id, displayName: input.config.displayName, asOf: input.asOf)
    scimSources = Set(input.config.sources.filter { $0.kind == .scim }.map(\.name))
  }

  var config: TenantConfig { input.config }
  var asOf: Day { input.asOf }

  mutating func load(_ id: PersonID, from current: some CurrentDirectory) throws -> DirectoryEntry {
    if let entry = loaded[id] { return entry }
    let entry = try current.entry(id)
    loaded[id] = entry
    return entry
  }

  mutating func plan(current: some CurrentDirectory) throws -> TenantPlan {
    for snapshot in input.snapshots where !snapshot.isUsable {
      plan.blockingErrors += snapshot.diagnostics.errors
    }
    guard plan.blockingErrors.isEmpty else { return plan }

    var records = input.snapshots.count == 1 ? input.snapshots[0].records : input.snapshots.flatMap(\.records)
    plan.rejectedRows = input.snapshots.flatMap(\.rejected)
    if input.snapshots.count > 1 {
      let files = Dictionary(uniqueKeysWithValues: input.snapshots.map { ($0.source.name, $0.file) })
      let split = Duplicates.split(records, file: { files[$0.source] ?? $0.source }, column: { config.columnName($1, source: $0.source) })
      records = split.kept
      plan.rejectedRows += split.rejected
    }
    plan.warnings = input.snapshots.flatMap { $0.diagnostics.warnings }

    var (ids, recordIDs) = identify(records)
    guard plan.blockingErrors.isEmpty else { return plan }
    let holding = try planRejectedTerminations(plan.rejectedRows, recordIDs: recordIDs, current: current)
    let hold = Hold(holding, identifier: identifier, tenant: config.id)
    let held = hold.ids

    var lifecycles = records.map { Lifecycle.of($0, asOf: asOf, daysBeforeHire: config.provisionDaysBeforeHire) }
    if !input.scimDeactivated.isEmpty {
      for index in records.indices where input.scimDeactivated.contains(FieldRules.asciiLowercased(records[index].email)) {
        lifecycles[index] = .scimDeactivated
      }
    }
    // A pre-hire already in the directory as active stays active.
    for index in records.indices {
      guard case .preHire = lifecycles[index], !held.contains(ids[index]), current.contains(ids[index]) else { continue }
      if try load(ids[index], from: current).status == .active { lifecycles[index] = .active }
    }

    let emailIndex = input.snapshots.count == 1 ? input.snapshots[0].emailIndex : nil
    let resolver = Resolver(config: config, records: records, lifecycles: lifecycles, files: fileNames, emailIndex: emailIndex)
    engine = RuleEngine(config, asOf: asOf)
    if let engine, engine.usesDirectReports {
      managerTargets = resolver.managerTargets(threads: threads)
      directReports = resolver.directReports(managerTargets)
    }
    let triage = try self.triage(records, ids: ids, lifecycles: lifecycles, held: held, resolver: resolver, current: current)
    for id in held where current.contains(id) { try keepGroups(of: try load(id, from: current)) }
    // Someone known by email who gains an Employee ID keeps their entry: only people whose
    // Employee ID names no entry can be such a case, and the parallel pass found those.
    var state = triage.state
    if current.count > 0 {
      for index in records.indices where state[index] == .missing && records[index].hasEmployeeId {
        guard let linked = try entryKnownByEmail(records[index], held: held, claimed: recordIDs, current: current) else { continue }
        relinked[ids[index]] = linked
        ids[index] = linked
        recordIDs.insertIfAbsent(linked, index)
        state[index] = .planned
      }
    }
    // New people (all of them in an initial import) are provisioned on all cores; the rest one by one.
    let fresh = records.indices.filter { state[$0] == .missing }
    var parts = provisions(fresh, records: records, ids: ids, resolver: resolver)
    plan.changes.reserveCapacity(plan.changes.count + fresh.count)
    var position = 0
    // Each part let go once copied: a million provisions are not held twice.
    for part in parts.indices {
      for change in parts[part] {
        if let change {
          plan.changes.append(change)
          plan.activeAfter += 1
        } else {
          state[fresh[position]] = .planned
        }
        position += 1
      }
      parts[part] = []
    }
    var scratch = ResolutionNotes()
    for index in records.indices where state[index] == .planned {
      try planRecord(
        index, records[index], id: ids[index], lifecycle: lifecycles[index], resolver: resolver, notes: &scratch, current: current)
    }
    for (index, record) in records.enumerated() where !held.contains(ids[index]) {
      if case .active = lifecycles[index], let end = record.terminationDate, end > asOf {
        plan.scheduled.append(ScheduledEvent(kind: .termination, date: end, id: ids[index], label: record.email))
      }
    }
    plan.warnings += resolver.warnings(triage.notes)

    try planAbsences(recordIDs: recordIDs, hold: hold, current: current)
    applySafeguard()
    try planGroups(records: records, recordIDs: recordIDs, current: current)
    plan.changes = DirectoryDiff.sorted(plan.changes)
    plan.scheduled.sort { ($0.date, $0.kind.rawValue, $0.label, $0.id) < ($1.date, $1.kind.rawValue, $1.label, $1.id) }
    plan.warnings = Diagnostic.sorted(plan.warnings)
    return plan
  }

  var fileNames: [String: String] { input.snapshotFiles }
}
