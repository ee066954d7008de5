// Who each record is: person ids, their collisions, and entries known by an older key.
extension PlanRun {
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
}
