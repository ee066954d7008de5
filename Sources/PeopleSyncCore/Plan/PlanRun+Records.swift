// The sequential part for each person the parallel pass could not settle, with what rules decide.
extension PlanRun {
  /// The sequential part for one person whose entry is missing, differs, or needs reading.
  mutating func planRecord(
    _ index: Int, _ record: EmployeeRecord, id: PersonID, lifecycle: Lifecycle, resolver: Resolver, notes: inout ResolutionNotes,
    current: some CurrentDirectory
  ) throws {
    let origin = self.origin(record)
    switch lifecycle {
    case .active:
      let (after, rules) = activeEntry(index, record, id: id, resolver: resolver, trace: true)
      guard let after else {
        try planExcluded(index, record, id: id, rules: rules!, resolver: resolver, notes: &notes, current: current)
        return
      }
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

  /// Where a record comes from, as a plan names it: `file:line`.
  func origin(_ record: EmployeeRecord) -> String { "\(input.snapshotFiles[record.source] ?? record.source):\(record.line)" }

  /// An active record's desired entry and what the rules decided; no entry when a rule excludes it.
  /// With `trace`, the outcome lists the actions that applied (the excluding rule is named from them).
  func activeEntry(_ index: Int, _ record: EmployeeRecord, id: PersonID, resolver: Resolver, trace: Bool) -> (
    entry: DirectoryEntry?, rules: RuleOutcome?
  ) {
    let location = resolver.location(index).value
    let keepsManager = manager(index, resolver: resolver).keeps
    let rules = ruleOutcome(index, record, location: location, keepsManager: keepsManager, trace: trace)
    if let rules, rules.excluded { return (nil, rules) }
    let person = resolver.fields(index, location: location, keepsManager: keepsManager, rules: rules, groupNames: engine?.groupNames ?? [])
    return (DirectoryEntry(id: id, status: .active, person: person, source: record.source), rules)
  }

  /// The provisions of active people the parallel pass found no entry for, made on all cores, in
  /// the order of `indices` (a part per thread), without looking again (the directory is read-only
  /// meanwhile): what `planRecord` makes of each. Nil for one a rule excludes, left to `planRecord`.
  func provisions(_ indices: [Int], records: [EmployeeRecord], ids: [PersonID], resolver: Resolver) -> [[Change?]] {
    let run = self
    return Parallel.chunks(indices.count, threads: threads) { range -> [Change?] in
      range.map { position in
        let index = indices[position]
        // Untraced: one a rule excludes is planned again, traced, by `planRecord`.
        guard let after = run.activeEntry(index, records[index], id: ids[index], resolver: resolver, trace: false).entry else {
          return nil
        }
        return Change(kind: .provision, before: nil, after: after, origin: run.origin(records[index]))
      }
    }
  }

  /// A record's manager: through the targets counted for the rules when they were, else looked up.
  func manager(_ index: Int, resolver: Resolver) -> Resolver.ManagerResolution {
    managerTargets.isEmpty ? resolver.manager(index) : resolver.manager(index, target: managerTargets[index])
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
          origin: origin(record)))
    case .deprovisioned, .erased:
      planPurge(before)
    case .purged:
      break
    }
  }
}
