/// What resolving a batch of people noticed; batches resolved in parallel merge theirs.
struct ResolutionNotes {
  fileprivate var locationCache: [String: String?] = [:]
  fileprivate var unmatchedLocations: [ResolutionKey: [Int]] = [:]
  fileprivate var unresolvedManagers: [ResolutionKey: [Int]] = [:]
  /// (person, manager) record indices of active people, so cycles need no second lookup.
  fileprivate var managerLinks: [(Int32, Int32)] = []

  mutating func merge(_ other: ResolutionNotes) {
    unmatchedLocations.merge(other.unmatchedLocations) { $0 + $1 }
    unresolvedManagers.merge(other.unresolvedManagers) { $0 + $1 }
    managerLinks += other.managerLinks
  }
}

fileprivate struct ResolutionKey: Hashable {
  let file: String
  let source: String
  let value: String
}

/// Resolves the values that depend on the rest of the directory: locations and managers.
/// Read-only once built, so batches of people can be resolved on several threads.
struct Resolver: @unchecked Sendable {
  private let config: TenantConfig
  private let records: [EmployeeRecord]
  private let files: [String: String]
  private let locations: [String: String]
  /// Record index by email; only active people are valid managers.
  private let byEmail: [String: Int]
  private let isActive: [Bool]
  private let customOrder: [Int]

  /// `emailIndex`, when given, maps every record's email to its index (the duplicate check built it).
  init(config: TenantConfig, records: [EmployeeRecord], lifecycles: [Lifecycle], files: [String: String], emailIndex: [String: Int]? = nil) {
    self.config = config
    self.records = records
    self.files = files
    locations = Dictionary(config.locations.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
    var flags = [Bool](repeating: false, count: records.count)
    for (index, lifecycle) in lifecycles.enumerated() {
      if case .active = lifecycle { flags[index] = true }
    }
    if let emailIndex {
      byEmail = emailIndex
    } else {
      var index: [String: Int] = [:]
      index.reserveCapacity(records.count)
      for (position, record) in records.enumerated() where flags[position] { index[record.email] = position }
      byEmail = index
    }
    isActive = flags
    customOrder = CustomFields.sortedOrder(config.customFields)
  }

  private func file(_ record: EmployeeRecord) -> String { files[record.source] ?? record.source }

  /// The directory fields of record `index`; blanks what cannot be resolved, and notes why.
  func fields(_ index: Int, notes: inout ResolutionNotes) -> PersonFields {
    let record = records[index]
    let warn = isActive[index]
    var location: String?
    if let raw = record.location {
      if let cached = notes.locationCache[raw] {
        location = cached
      } else {
        location = locations[raw.lowercased()]
        notes.locationCache[raw] = location
      }
      if location == nil, warn {
        notes.unmatchedLocations[ResolutionKey(file: file(record), source: record.source, value: raw), default: []].append(record.line)
      }
    }
    var manager: String?
    if let email = record.managerEmail {
      if let target = byEmail[email], isActive[target] {
        manager = email
        if warn { notes.managerLinks.append((Int32(index), Int32(target))) }
      } else if warn {
        notes.unresolvedManagers[ResolutionKey(file: file(record), source: record.source, value: email), default: []].append(record.line)
      }
    }
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
        Diagnostic(.warning, "plan.unmatched-location", file: key.file, line: list.min(), field: config.columnName(.location, source: key.source),
          message: "'\(key.value)' is not a configured location; left blank for \(people(list.count)) (\(lines(list)))"))
    }
    for (key, list) in notes.unresolvedManagers {
      result.append(
        Diagnostic(.warning, "plan.unresolved-manager", file: key.file, line: list.min(), field: config.columnName(.managerEmail, source: key.source),
          message: "'\(key.value)' is not an active person in the directory; manager left blank for \(people(list.count)) (\(lines(list)))"))
    }
    for cycle in managerCycles(notes.managerLinks) {
      let first = records[cycle[0]]
      let path = (cycle + [cycle[0]]).map { records[$0].email }.joined(separator: " → ")
      result.append(
        Diagnostic(.warning, "plan.manager-cycle", file: file(first), line: cycle.map { records[$0].line }.min(),
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
