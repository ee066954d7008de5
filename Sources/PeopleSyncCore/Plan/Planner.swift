/// Computes the desired directory and the minimal changes to reach it. Pure: no I/O, no clock.
public struct Planner: Sendable {
  public let identifier: any PersonIdentifier
  /// Threads for the per-person pass; nil uses every core. The result never depends on it.
  public let threads: Int?

  public init(identifier: any PersonIdentifier = HashedPersonIdentifier(), threads: Int? = nil) {
    self.identifier = identifier
    self.threads = threads
  }

  /// Plans one tenant against the directory as last committed.
  public func plan(_ input: PlanInput, current: some CurrentDirectory) throws -> TenantPlan {
    var run = PlanRun(input: input, identifier: identifier, threads: threads)
    return try run.plan(current: current)
  }
}

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
    if current.count > 0 {
      for index in records.indices where triage.state[index] == .missing && records[index].hasEmployeeId {
        guard let linked = try entryKnownByEmail(records[index], held: held, claimed: recordIDs, current: current) else { continue }
        relinked[ids[index]] = linked
        ids[index] = linked
        recordIDs.insertIfAbsent(linked, index)
      }
    }
    var scratch = ResolutionNotes()
    for index in records.indices where triage.state[index] != .done {
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

  /// A rejected row still says when its person leaves: when its Termination Date is valid and
  /// reached, and its Employee ID or email names exactly one person in the directory whom no valid
  /// row names, that person is deprovisioned as terminated. Returns the rows that hold their people
  /// as they are (every other rejected row).
  mutating func planRejectedTerminations(_ rows: [RejectedRow], recordIDs: PersonTable<Int>, current: some CurrentDirectory) throws
    -> [RejectedRow]
  {
    var holding: [RejectedRow] = []
    var done = Set<PersonID>()
    for row in rows {
      guard let end = row.termination, end <= asOf else {
        holding.append(row)
        continue
      }
      let known = Set(row.keys.map { identifier.id(for: $0, tenant: config.id) }).filter { current.contains($0) && !recordIDs.contains($0) }
      guard known.count == 1, let id = known.first, !done.contains(id), try load(id, from: current).status == .active else {
        holding.append(row)
        continue
      }
      done.insert(id)
      terminatedByRejectedRow.insert(id)
      let before = try load(id, from: current)
      activeBefore += 1
      var after = before
      after.status = .deprovisioned
      after.deprovisionedOn = asOf
      after.deprovisionReason = .terminated
      after.person?.role = nil
      after.person?.groups = []
      let why = row.problems.map { ($0.field.map { "\($0): " } ?? "") + $0.message }.joined(separator: "; ")
      plan.changes.append(
        Change(
          kind: .deprovision, before: before, after: after, reason: "termination date \(end) reached (its row was rejected: \(why))",
          origin: "\(fileNames[row.source] ?? row.source):\(row.line)"))
    }
    return holding
  }

  /// Counts the deprovisions that look like an accident (absent, excluded); over the limit, and
  /// unless overridden, holds them back: those people stay exactly as committed, groups included,
  /// and everything else in the plan still applies.
  mutating func applySafeguard() {
    let counted = plan.changes.filter { $0.kind == .deprovision && SafeguardVerdict.counts($0.after.deprovisionReason) }
    plan.safeguard = SafeguardVerdict(
      activeBefore: activeBefore, deprovisions: counted.count, limit: config.safeguard.limit(active: activeBefore),
      overridden: input.overrideSafeguard)
    guard plan.safeguard.holds else { return }
    plan.changes.removeAll { $0.kind == .deprovision && SafeguardVerdict.counts($0.after.deprovisionReason) }
    for change in counted {
      if let before = change.before { keepGroups(of: before) }
      plan.activeAfter += 1
    }
    plan.held = DirectoryDiff.sorted(counted)
  }

  /// People in the directory but in no snapshot: deprovisioned as absent, purged when their
  /// quarantine is over; unless a rejected row may name them, or a source has not reported yet.
  mutating func planAbsences(recordIDs: PersonTable<Int>, hold: Hold, current: some CurrentDirectory) throws {
    let suspended = !input.missingSources.isEmpty || hold.unidentified > 0
    var keptAbsent = 0
    try current.forEachID { id in
      guard !recordIDs.contains(id), !terminatedByRejectedRow.contains(id) else { return }
      if !hold.ids.contains(id), current.matches(id, encoded: EntryFormat.encode(.purged(id))) { return }
      let before = try load(id, from: current)
      if hold.ids.contains(id) || hold.names(before) || (suspended && before.status == .active) {
        if before.status == .active {
          keepGroups(of: before)
          activeBefore += 1
          plan.activeAfter += 1
          if !hold.ids.contains(id) && !hold.names(before) { keptAbsent += 1 }
        }
        return
      }
      switch before.status {
      case .active:
        activeBefore += 1
        var after = before
        after.status = .deprovisioned
        after.deprovisionedOn = asOf
        after.deprovisionReason = .absent
        // Access removed: no role, no groups (the group files drop them too).
        after.person?.role = nil
        after.person?.groups = []
        let sources = input.snapshots.map(\.source.name).joined(separator: ", ")
        plan.changes.append(Change(kind: .deprovision, before: before, after: after, reason: "no longer in the \(sources) snapshot"))
      case .deprovisioned, .erased:
        planPurge(before)
      case .purged:
        break
      }
    }
    guard keptAbsent > 0 else { return }
    let missing = input.missingSources
    let why =
      missing.isEmpty
      ? "\(hold.unidentified) rejected row\(hold.unidentified == 1 ? "" : "s") that cannot be tied to a person (no readable email or Employee ID, or a broken line) could be any of them"
      : "source\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) ha\(missing.count == 1 ? "s" : "ve") no snapshot yet"
    plan.warnings.append(
      Diagnostic(
        .warning, "plan.absence-suspended", file: config.configPath,
        message: "\(keptAbsent) active \(keptAbsent == 1 ? "person is" : "people are") missing from the snapshots but kept: \(why)"))
  }

  /// Each record's person id, the hash of its key; a table of them finds collisions and, later, absences.
  mutating func identify(_ records: [EmployeeRecord]) -> (ids: [PersonID], table: PersonTable<Int>) {
    // Hashing the keys is the costly part and independent per person: all cores.
    let (identifier, tenant) = (self.identifier, config.id)
    let hashed = Parallel.chunks(records.count, threads: threads) { range in
      range.map { index in
        let record = records[index]
        let byEmployeeID = record.hasEmployeeId
        return identifier.id(byEmployeeID: byEmployeeID, bytes: record.bytes(byEmployeeID ? .employeeId : .email), tenant: tenant)
      }
    }
    let ids = hashed.count == 1 ? hashed[0] : hashed.flatMap { $0 }
    var seen = PersonTable<Int>(capacity: records.count)
    for (index, id) in ids.enumerated() {
      if let other = seen.insertIfAbsent(id, index) {
        let record = records[index]
        plan.blockingErrors.append(
          Diagnostic(
            .error, "plan.id-collision", file: fileNames[record.source] ?? record.source, line: record.line,
            message: "\(record.key) and \(records[other].key) map to the same person id \(id); report this as a bug"))
      }
    }
    return (ids, seen)
  }

  /// The entry a record with a new Employee ID was known by when it was keyed by email, if any.
  mutating func entryKnownByEmail(
    _ record: EmployeeRecord, held: Set<PersonID>, claimed: PersonTable<Int>, current: some CurrentDirectory
  ) throws -> PersonID? {
    let byEmail = identifier.id(byEmployeeID: false, bytes: record.bytes(.email), tenant: config.id)
    guard !held.contains(byEmail), !claimed.contains(byEmail), current.contains(byEmail) else { return nil }
    let known = try load(byEmail, from: current)
    return known.person?.employeeId == nil || known.person?.employeeId == record.employeeId ? byEmail : nil
  }

  /// The sequential part for one person whose entry is missing, differs, or needs reading.
  mutating func planRecord(
    _ index: Int, _ record: EmployeeRecord, id: PersonID, lifecycle: Lifecycle, resolver: Resolver, notes: inout ResolutionNotes,
    current: some CurrentDirectory
  ) throws {
    var origin: String { "\(input.snapshotFiles[record.source] ?? record.source):\(record.line)" }
    switch lifecycle {
    case .active:
      let location = resolver.location(index).value
      let keepsManager = resolver.manager(index).keeps
      let rules = ruleOutcome(index, record, location: location, keepsManager: keepsManager, trace: true)
      if let rules, rules.excluded {
        try planExcluded(index, record, id: id, rules: rules, resolver: resolver, notes: &notes, current: current)
        return
      }
      let person = resolver.fields(
        index, location: location, keepsManager: keepsManager, rules: rules, groupNames: engine?.groupNames ?? [])
      let after = DirectoryEntry(id: id, status: .active, person: person, source: record.source)
      plan.activeAfter += 1
      switch current.compare(id, encoded: EntryFormat.encode(after)) {
      case .missing:
        plan.changes.append(Change(kind: .provision, before: nil, after: after, origin: origin))
        return
      case .same:
        activeBefore += 1
        return
      case .different:
        break
      }
      let before = try load(id, from: current)
      switch before.status {
      case .active:
        activeBefore += 1
        plan.changes.append(Change(kind: .update, before: before, after: after, origin: origin))
      case .deprovisioned:
        plan.changes.append(
          Change(kind: .reactivate, before: before, after: after, reason: "back in the \(record.source) snapshot", origin: origin))
      case .purged, .erased:
        plan.changes.append(Change(kind: .provision, before: before, after: after, reason: "returns after being purged", origin: origin))
      }
    case .terminated, .scimDeactivated:
      let before = try load(id, from: current)
      switch before.status {
      case .active:
        activeBefore += 1
        var reason = DirectoryEntry.DeprovisionReason.scimDeactivated
        var text = "deactivated over SCIM"
        if case .terminated(let end) = lifecycle { (reason, text) = (.terminated, "termination date \(end) reached") }
        let after = DirectoryEntry(
          id: id, status: .deprovisioned, person: resolver.fields(index, notes: &notes), source: record.source, deprovisionedOn: asOf,
          deprovisionReason: reason)
        plan.changes.append(Change(kind: .deprovision, before: before, after: after, reason: text, origin: origin))
      case .deprovisioned, .erased:
        planPurge(before)
      case .purged:
        break
      }
    case .preHire(let provisionOn):
      plan.scheduled.append(ScheduledEvent(kind: .hire, date: provisionOn, id: id, label: record.email))
      guard current.contains(id) else { return }
      let before = try load(id, from: current)
      if before.status == .deprovisioned || before.status == .erased { planPurge(before) }
    }
  }

  /// What the rules decide for an active record; nil when no rule runs on it.
  func ruleOutcome(_ index: Int, _ record: EmployeeRecord, location: String?, keepsManager: Bool, trace: Bool) -> RuleOutcome? {
    guard let engine, rulesApply(to: record) else { return nil }
    let subject = RuleSubject(
      record: record, location: location, keepsManager: keepsManager, directReports: directReports.isEmpty ? 0 : directReports[index])
    return engine.evaluate(subject, trace: trace)
  }

  /// Rules run on people from full sources (CSV, HR systems), never on those known only from SCIM.
  func rulesApply(to record: EmployeeRecord) -> Bool {
    scimSources.isEmpty || !scimSources.contains(record.source)
  }

  /// A person the rules exclude: not provisioned; deprovisioned if in the directory, like any leaver.
  mutating func planExcluded(
    _ index: Int, _ record: EmployeeRecord, id: PersonID, rules: RuleOutcome, resolver: Resolver, notes: inout ResolutionNotes,
    current: some CurrentDirectory
  ) throws {
    guard current.contains(id) else {
      plan.skippedExcluded += 1
      return
    }
    let before = try load(id, from: current)
    switch before.status {
    case .active:
      activeBefore += 1
      let rule = rules.applied.last { $0.action == .exclude }.map { config.rules[$0.rule].name } ?? "?"
      let after = DirectoryEntry(
        id: id, status: .deprovisioned, person: resolver.fields(index, notes: &notes), source: record.source, deprovisionedOn: asOf,
        deprovisionReason: .excluded)
      plan.changes.append(
        Change(
          kind: .deprovision, before: before, after: after, reason: "excluded by rule '\(rule)'",
          origin: "\(input.snapshotFiles[record.source] ?? record.source):\(record.line)"))
    case .deprovisioned, .erased:
      planPurge(before)
    case .purged:
      break
    }
  }

  /// Keeps an active entry's groups as committed: the person is left exactly as they are.
  mutating func keepGroups(of entry: DirectoryEntry) {
    guard entry.status == .active, let groups = entry.person?.groups else { return }
    for name in groups { keptMembers[name, default: []].append(entry.id) }
  }

  /// Each group's members once the plan is applied, against the committed group files.
  mutating func planGroups(records: [EmployeeRecord], recordIDs: PersonTable<Int>, current: some CurrentDirectory) throws {
    let existing = Set(current.groupNames)
    guard engine != nil || !existing.isEmpty else { return }
    var desired: [String: [PersonID]] = keptMembers
    for (index, name) in (engine?.groupNames ?? []).enumerated() where !members[index].isEmpty {
      desired[name, default: []] += members[index].map { relinked[$0] ?? $0 }
    }
    let names = existing.union(desired.keys).sorted()
    // On every core: each group's members sorted and its file compared with the committed one.
    nonisolated(unsafe) let directory = current
    let wanted = desired
    let prepared = Parallel.each(names.count, threads: threads) { index -> (list: [PersonID], same: Bool) in
      var list = wanted[names[index]] ?? []
      PersonID.sort(&list)
      if list.count > 1 {
        var unique: [PersonID] = []
        unique.reserveCapacity(list.count)
        for id in list where unique.last != id { unique.append(id) }
        list = unique
      }
      guard existing.contains(names[index]) else { return (list, list.isEmpty) }
      return (list, directory.groupMatches(names[index], encoded: GroupFormat.encode(name: names[index], members: list)))
    }
    // One group at a time: the committed members of those that change (one repository handle).
    var committed: [Int: [PersonID]] = [:]
    for (index, name) in names.enumerated() where !prepared[index].same && existing.contains(name) {
      var members = try current.groupMembers(name)
      PersonID.sort(&members)
      committed[index] = members
    }
    // On every core: who joins and who leaves.
    let entries = loaded
    let changes = Parallel.each(names.count, threads: threads) { index -> GroupChange? in
      guard !prepared[index].same else { return nil }
      let list = prepared[index].list
      let old = committed[index] ?? []
      func member(_ id: PersonID) -> GroupChange.Member {
        if let position = recordIDs[id] { return GroupChange.Member(id: id, label: records[position].email) }
        return GroupChange.Member(id: id, label: entries[id]?.label ?? id.hex)
      }
      var joined: [GroupChange.Member] = []
      var left: [GroupChange.Member] = []
      var (a, b) = (0, 0)
      while a < old.count || b < list.count {
        if b == list.count || (a < old.count && old[a] < list[b]) {
          left.append(member(old[a]))
          a += 1
        } else if a == old.count || list[b] < old[a] {
          joined.append(member(list[b]))
          b += 1
        } else {
          a += 1
          b += 1
        }
      }
      joined.sort { ($0.label, $0.id) < ($1.label, $1.id) }
      left.sort { ($0.label, $0.id) < ($1.label, $1.id) }
      let kind: GroupChange.Kind = old.isEmpty && !existing.contains(names[index]) ? .create : list.isEmpty ? .delete : .update
      return GroupChange(name: names[index], kind: kind, joined: joined, left: left, members: list)
    }
    plan.groupChanges = changes.compactMap { $0 }
  }

  /// What one thread of the parallel pass found.
  /// Where the parallel pass left a person.
  enum TriageState: UInt8 {
    /// Nothing to do: unchanged, held, already purged, or terminated before ever being provisioned.
    case done
    /// Active, and no entry has this id yet.
    case missing
    /// An entry exists and differs, or has to be read to decide.
    case planned
  }

  struct TriageChunk {
    var state: [TriageState] = []
    var notes = ResolutionNotes()
    var same = 0
    var skippedTerminated = 0
    var skippedExcluded = 0
    /// Per group of the engine, the members found.
    var members: [[PersonID]] = []
  }

  /// The outcome of the parallel pass.
  struct Triage {
    /// People whose entry is missing, differs, or must be read are planned one by one afterwards.
    var state: [TriageState]
    var notes: ResolutionNotes
  }

  /// Resolves, encodes and compares every person on all cores. Only what this finds different
  /// goes on to the sequential part, which may read entries (`current` is read-only meanwhile).
  mutating func triage(
    _ records: [EmployeeRecord], ids: [PersonID], lifecycles: [Lifecycle], held: Set<PersonID>, resolver: Resolver,
    current: some CurrentDirectory
  ) throws -> Triage {
    nonisolated(unsafe) let directory = current
    let run = self
    let groupNames = engine?.groupNames ?? []
    let customOrder = resolver.customFieldOrder
    let targets = managerTargets
    let chunks = Parallel.chunks(records.count, threads: threads) { range -> TriageChunk in
      var chunk = TriageChunk()
      chunk.state.reserveCapacity(range.count)
      chunk.members = Array(repeating: [], count: groupNames.count)
      var buffer: [UInt8] = []
      for index in range {
        let id = ids[index]
        guard !held.contains(id) else {
          chunk.state.append(.done)
          continue
        }
        switch lifecycles[index] {
        case .active:
          let record = records[index]
          let location = resolver.location(index)
          let manager = targets.isEmpty ? resolver.manager(index) : resolver.manager(index, target: targets[index])
          let rules = run.ruleOutcome(index, record, location: location.value, keepsManager: manager.keeps, trace: false)
          if let rules, rules.excluded {
            // Like a leaver: nothing to do once purged or never added; read and planned otherwise.
            switch directory.compare(id, encoded: EntryFormat.encode(.purged(id))) {
            case .missing:
              chunk.skippedExcluded += 1
              chunk.state.append(.done)
            case .same: chunk.state.append(.done)
            case .different: chunk.state.append(.planned)
            }
            continue
          }
          resolver.note(index, unmatchedLocation: location.unmatched, manager: manager, notes: &chunk.notes)
          if let rules, !rules.overrides.isEmpty {
            let person = resolver.fields(index, location: location.value, keepsManager: manager.keeps, rules: rules, groupNames: groupNames)
            buffer = EntryFormat.encode(DirectoryEntry(id: id, status: .active, person: person, source: record.source))
          } else {
            EntryFormat.encodeActive(
              id: id, record: record, location: location.value, keepsManager: manager.keeps, customOrder: customOrder, role: rules?.role,
              groups: rules?.groups ?? GroupSet(), groupNames: groupNames, into: &buffer)
          }
          rules?.groups.forEach { chunk.members[$0].append(id) }
          switch directory.compare(id, encoded: buffer) {
          case .same:
            chunk.same += 1
            chunk.state.append(.done)
          case .missing:
            chunk.state.append(.missing)
          case .different:
            chunk.state.append(.planned)
          }
        case .terminated, .scimDeactivated:
          switch directory.compare(id, encoded: EntryFormat.encode(.purged(id))) {
          case .missing:
            chunk.skippedTerminated += 1
            chunk.state.append(.done)
          case .same:
            chunk.state.append(.done)
          case .different:
            chunk.state.append(.planned)
          }
        case .preHire:
          chunk.state.append(.planned)
        }
      }
      return chunk
    }
    var result = Triage(state: [], notes: ResolutionNotes())
    result.state.reserveCapacity(records.count)
    members = Array(repeating: [], count: groupNames.count)
    for chunk in chunks {
      result.state += chunk.state
      result.notes.merge(chunk.notes)
      activeBefore += chunk.same
      plan.activeAfter += chunk.same
      plan.skippedTerminated += chunk.skippedTerminated
      plan.skippedExcluded += chunk.skippedExcluded
      for (group, list) in chunk.members.enumerated() { members[group] += list }
    }
    return result
  }

  /// Purges a deprovisioned entry whose quarantine is over, or schedules the purge. An erased
  /// entry (its key already destroyed by a purge that did not get committed) is purged now.
  mutating func planPurge(_ before: DirectoryEntry) {
    if before.status == .erased {
      plan.changes.append(Change(kind: .purge, before: nil, after: .purged(before.id), reason: "its key was already destroyed"))
      return
    }
    guard let since = before.deprovisionedOn else { return }
    let due = since.adding(days: config.quarantineDays)
    if due <= asOf {
      plan.changes.append(
        Change(
          kind: .purge, before: before, after: .purged(before.id),
          reason: "quarantine of \(config.quarantineDays) days since \(since) is over"))
    } else {
      plan.scheduled.append(ScheduledEvent(kind: .purge, date: due, id: before.id, label: before.label))
    }
  }

}

/// The people rejected rows name, who are left exactly as they are: matched by the keys'
/// hashes, and by the email and Employee ID an entry holds (a row may name someone by a key
/// other than the one their entry was made from).
struct Hold {
  let ids: Set<PersonID>
  let emails: Set<String>
  let employeeIDs: Set<String>
  /// Rejected rows that name nobody: any absent person could be one of them.
  let unidentified: Int

  init(_ rows: [RejectedRow], identifier: any PersonIdentifier, tenant: String) {
    var ids = Set<PersonID>()
    var emails = Set<String>()
    var employeeIDs = Set<String>()
    for key in rows.flatMap(\.keys) {
      ids.insert(identifier.id(for: key, tenant: tenant))
      switch key {
      case .email(let email): emails.insert(email)
      case .employeeID(let id): employeeIDs.insert(id)
      }
    }
    self.ids = ids
    self.emails = emails
    self.employeeIDs = employeeIDs
    unidentified = rows.filter { $0.keys.isEmpty }.count
  }

  /// True when a rejected row names the person of this entry.
  func names(_ entry: DirectoryEntry) -> Bool {
    guard let person = entry.person else { return false }
    return emails.contains(person.email) || person.employeeId.map(employeeIDs.contains) == true
  }
}
