// Leavers: rows that say someone left, people absent from every snapshot, purges and the safeguard.
extension PlanRun {
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
      let after = deprovisioned(before, reason: .terminated)
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
        let after = deprovisioned(before, reason: .absent)
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

  /// `before` deprovisioned on the as-of date for `reason`. Access is removed: no role, no groups
  /// (the group files drop them too).
  func deprovisioned(_ before: DirectoryEntry, reason: DirectoryEntry.DeprovisionReason) -> DirectoryEntry {
    var after = before
    after.status = .deprovisioned
    after.deprovisionedOn = asOf
    after.deprovisionReason = reason
    after.person?.role = nil
    after.person?.groups = []
    return after
  }
}
