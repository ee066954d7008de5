// The parallel pass: every person resolved, encoded and compared on all cores.
extension PlanRun {
  /// Where the parallel pass left a person.
  enum TriageState: UInt8 {
    /// Nothing to do: unchanged, held, already purged, or terminated before ever being provisioned.
    case done
    /// Active, and no entry has this id yet.
    case missing
    /// An entry exists and differs, or has to be read to decide.
    case planned
  }

  /// What one thread of the parallel pass found.
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
          let manager = run.manager(index, resolver: resolver)
          let rules = run.ruleOutcome(index, record, location: location.value, keepsManager: manager.keeps, trace: false)
          if let rules, rules.excluded {
            let leaver = PlanRun.leaverState(id, in: directory)
            if leaver.neverAdded { chunk.skippedExcluded += 1 }
            chunk.state.append(leaver.state)
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
          let leaver = PlanRun.leaverState(id, in: directory)
          if leaver.neverAdded { chunk.skippedTerminated += 1 }
          chunk.state.append(leaver.state)
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

  /// Where the parallel pass leaves someone who is not to be active (a leaver, or excluded by a
  /// rule): nothing to do once purged or never added (`neverAdded`); read and planned otherwise.
  static func leaverState(_ id: PersonID, in directory: some CurrentDirectory) -> (state: TriageState, neverAdded: Bool) {
    switch directory.compare(id, encoded: EntryFormat.encode(.purged(id))) {
    case .missing: (.done, true)
    case .same: (.done, false)
    case .different: (.planned, false)
    }
  }
}
