/// Resolves the values that depend on the rest of the directory: locations and managers.
/// Read-only once built, so batches of people can be resolved on several threads.
struct Resolver: @unchecked Sendable {
  private let config: TenantConfig
  private let records: [EmployeeRecord]
  private let files: [String: String]
  private let locations: LocationMatcher
  /// Every record's email; only active people are valid managers.
  private let emails: EmailIndex
  private let isActive: [Bool]
  private let customOrder: [Int]

  /// `emailIndex`, when given, indexes every record's email (the duplicate check built it).
  init(config: TenantConfig, records: [EmployeeRecord], lifecycles: [Lifecycle], files: [String: String], emailIndex: EmailIndex? = nil) {
    self.config = config
    self.records = records
    self.files = files
    locations = LocationMatcher(config.locations)
    var flags = [Bool](repeating: false, count: records.count)
    for (index, lifecycle) in lifecycles.enumerated() {
      if case .active = lifecycle { flags[index] = true }
    }
    emails = emailIndex ?? EmailIndex(records)
    isActive = flags
    customOrder = CustomFields.sortedOrder(config.customFields)
  }

  private func file(_ record: EmployeeRecord) -> String { files[record.source] ?? record.source }

  /// The configured spelling of the record's location, nil when blank or not configured (noted for active people).
  func location(_ index: Int, notes: inout ResolutionNotes) -> String? {
    let resolved = location(index)
    if resolved.unmatched { note(index, unmatchedLocation: true, manager: nil, notes: &notes) }
    return resolved.value
  }

  /// The location without noting anything; `unmatched` when a value was written but is not configured.
  func location(_ index: Int) -> (value: String?, unmatched: Bool) {
    let raw = records[index].bytes(.location)
    guard !raw.isEmpty else { return (nil, false) }
    if let match = locations.match(raw) { return (match, false) }
    return (nil, true)
  }

  /// True when the record's manager is an active person (kept), false when blank or unknown (noted).
  func keepsManager(_ index: Int, notes: inout ResolutionNotes) -> Bool {
    let resolved = manager(index)
    note(index, unmatchedLocation: false, manager: resolved, notes: &notes)
    return resolved.keeps
  }

  /// The manager without noting anything: kept (with the manager's record) or not, and whether one was written.
  func manager(_ index: Int) -> ManagerResolution {
    let email = records[index].bytes(.managerEmail)
    guard !email.isEmpty else { return ManagerResolution(keeps: false, target: -1, written: false) }
    if let target = emails.find(email), isActive[target] { return ManagerResolution(keeps: true, target: Int32(target), written: true) }
    return ManagerResolution(keeps: false, target: -1, written: true)
  }

  struct ManagerResolution {
    let keeps: Bool
    let target: Int32
    let written: Bool
  }

  /// Records what resolving an active person found: an unmatched location, an unknown manager, a manager link.
  func note(_ index: Int, unmatchedLocation: Bool, manager: ManagerResolution?, notes: inout ResolutionNotes) {
    guard isActive[index] else { return }
    let record = records[index]
    if unmatchedLocation {
      let key = ResolutionNotes.Key(
        file: file(record), source: record.source, value: String(decoding: record.bytes(.location), as: UTF8.self))
      notes.noteUnmatchedLocation(key, line: record.line)
    }
    guard let manager, manager.written else { return }
    if manager.keeps {
      notes.noteManagerLink(Int32(index), manager.target)
    } else {
      let key = ResolutionNotes.Key(
        file: file(record), source: record.source, value: String(decoding: record.bytes(.managerEmail), as: UTF8.self))
      notes.noteUnresolvedManager(key, line: record.line)
    }
  }

  /// Every record's manager resolved on all cores: the manager's record when kept, -1 when
  /// none is written, -2 when the one written is not an active person.
  func managerTargets(threads: Int?) -> [Int32] {
    let chunks = Parallel.chunks(records.count, threads: threads) { range in
      range.map { index -> Int32 in
        let resolved = manager(index)
        return resolved.keeps ? resolved.target : resolved.written ? -2 : -1
      }
    }
    return chunks.count == 1 ? chunks[0] : chunks.flatMap { $0 }
  }

  /// The resolution `managerTargets` found for a record.
  func manager(_ index: Int, target: Int32) -> ManagerResolution {
    ManagerResolution(keeps: target >= 0, target: target >= 0 ? target : -1, written: target != -1)
  }

  /// How many active people name each record's person as their manager.
  func directReports(_ targets: [Int32]) -> [Int] {
    var counts = [Int](repeating: 0, count: records.count)
    for index in records.indices where isActive[index] && targets[index] >= 0 { counts[Int(targets[index])] += 1 }
    return counts
  }

  func directReports() -> [Int] { directReports(managerTargets(threads: 1)) }

  /// The record's sorted custom-field order, shared by every entry.
  var customFieldOrder: [Int] { customOrder }

  /// The active entry's bytes for record `index`, straight from its storage, into `buffer`.
  func encodeActive(_ index: Int, id: PersonID, notes: inout ResolutionNotes, into buffer: inout [UInt8]) {
    EntryFormat.encodeActive(
      id: id, record: records[index], location: location(index, notes: &notes), keepsManager: keepsManager(index, notes: &notes),
      customOrder: customOrder, into: &buffer)
  }

  /// The directory fields of record `index` from values already resolved, with what rules decided.
  func fields(_ index: Int, location: String?, keepsManager: Bool, rules: RuleOutcome?, groupNames: [String]) -> PersonFields {
    let record = records[index]
    var fields = PersonFields(
      fullName: record.fullName, email: record.email, employeeId: record.employeeId, department: record.department,
      title: record.title, location: location, managerEmail: keepsManager ? record.managerEmail : nil, pictureUrl: record.pictureUrl,
      hireDate: record.hireDate, terminationDate: record.terminationDate,
      custom: CustomFields(names: config.customFields, values: record.custom, order: customOrder))
    if let rules { rules.apply(to: &fields, groupNames: groupNames) }
    return fields
  }

  /// The same, as a new array.
  func encodedActive(_ index: Int, id: PersonID, notes: inout ResolutionNotes) -> [UInt8] {
    var buffer: [UInt8] = []
    encodeActive(index, id: id, notes: &notes, into: &buffer)
    return buffer
  }

  /// The directory fields of record `index`; blanks what cannot be resolved, and notes why.
  func fields(_ index: Int, notes: inout ResolutionNotes) -> PersonFields {
    let record = records[index]
    let location = location(index, notes: &notes)
    let manager = keepsManager(index, notes: &notes) ? record.managerEmail : nil
    let custom = CustomFields(names: config.customFields, values: record.custom, order: customOrder)
    return PersonFields(
      fullName: record.fullName, email: record.email, employeeId: record.employeeId, department: record.department,
      title: record.title, location: location, managerEmail: manager, pictureUrl: record.pictureUrl,
      hireDate: record.hireDate, terminationDate: record.terminationDate, custom: custom)
  }

  /// Unmatched locations, unknown managers and manager cycles, one warning per distinct value.
  func warnings(_ notes: ResolutionNotes) -> [Diagnostic] {
    var result: [Diagnostic] = []
    func lines(_ list: [Int]) -> String {
      let sorted = list.sorted()
      let shown = sorted.prefix(10).map(String.init).joined(separator: ", ")
      return sorted.count > 10 ? "lines \(shown), and \(sorted.count - 10) more" : (sorted.count == 1 ? "line \(shown)" : "lines \(shown)")
    }
    func people(_ count: Int) -> String { count == 1 ? "1 person" : "\(count) people" }
    for (key, list) in notes.unmatchedLocations {
      result.append(
        Diagnostic(
          .warning, "plan.unmatched-location", file: key.file, line: list.min(), field: config.columnName(.location, source: key.source),
          message: "'\(key.value)' is not a configured location; left blank for \(people(list.count)) (\(lines(list)))"))
    }
    for (key, list) in notes.unresolvedManagers {
      result.append(
        Diagnostic(
          .warning, "plan.unresolved-manager", file: key.file, line: list.min(),
          field: config.columnName(.managerEmail, source: key.source),
          message: "'\(key.value)' is not an active person in the directory; manager left blank for \(people(list.count)) (\(lines(list)))")
      )
    }
    for cycle in managerCycles(notes.managerLinks) {
      let first = records[cycle[0]]
      let path = (cycle + [cycle[0]]).map { records[$0].email }.joined(separator: " → ")
      result.append(
        Diagnostic(
          .warning, "plan.manager-cycle", file: file(first), line: cycle.map { records[$0].line }.min(),
          field: config.columnName(.managerEmail, source: first.source), message: "manager cycle: \(path)"))
    }
    return result
  }

  /// Cycles in the "reports to" graph of active people, each listed once from its smallest line.
  func managerCycles(_ links: [(Int32, Int32)]) -> [[Int]] {
    var managerOf = [Int32](repeating: -1, count: records.count)
    for (person, manager) in links { managerOf[Int(person)] = manager }
    var state = [UInt8](repeating: 0, count: records.count)  // 0 new, 1 on the current path, 2 done
    var cycles: [[Int]] = []
    for start in records.indices where state[start] == 0 && isActive[start] {
      var path: [Int] = []
      var node = start
      while node >= 0 && state[node] == 0 {
        state[node] = 1
        path.append(node)
        node = Int(managerOf[node])
      }
      if node >= 0 && state[node] == 1, let from = path.firstIndex(of: node) {
        var cycle = Array(path[from...])
        let smallest = cycle.indices.min { records[cycle[$0]].line < records[cycle[$1]].line }!
        cycle = Array(cycle[smallest...] + cycle[..<smallest])
        cycles.append(cycle)
      }
      for visited in path { state[visited] = 2 }
    }
    return cycles
  }
}
