/// Finds records that claim the same email or Employee ID.
enum Duplicates {
  /// Splits records into those with unique keys and rejected rows for all that share one.
  /// `file` names the file a record came from, for the messages.
  /// `column` names a field as the record's source does.
  static func split(
    _ records: [EmployeeRecord], file: (EmployeeRecord) -> String,
    column: (EmployeeRecord, StandardField) -> String = { $1.defaultColumn }
  ) -> (kept: [EmployeeRecord], rejected: [RejectedRow], emailIndex: EmailIndex?) {
    // Keys are hashed where they are stored; only keys seen twice get a list.
    var emails = ByteIndex(capacity: records.count)
    var employeeIDs = ByteIndex(capacity: records.count)
    var byEmail: [String: [Int]] = [:]
    var byID: [String: [Int]] = [:]
    for (index, record) in records.enumerated() {
      if let first = emails.insert(record.bytes(.email), position: index, keyAt: { records[$0].bytes(.email) }) {
        byEmail[record.email, default: [first]].append(index)
      }
      if record.hasEmployeeId,
        let first = employeeIDs.insert(record.bytes(.employeeId), position: index, keyAt: { records[$0].bytes(.employeeId) })
      {
        byID[record.employeeId!, default: [first]].append(index)
      }
    }
    var problems: [Int: [Diagnostic]] = [:]
    func flag(_ groups: [String: [Int]], _ field: StandardField, _ label: String) {
      for (value, indexes) in groups {
        for index in indexes {
          let record = records[index]
          let others = indexes.filter { $0 != index }.map { other in
            records[other].source == record.source ? "line \(records[other].line)" : "\(file(records[other])):\(records[other].line)"
          }
          problems[index, default: []].append(
            Diagnostic(
              .error, "row.duplicate-\(field.rawValue)", file: file(record), line: record.line, field: column(record, field),
              message: "duplicate \(label) '\(value)' (also on \(others.joined(separator: ", "))); the row is rejected"))
        }
      }
    }
    flag(byEmail, .email, "email")
    flag(byID, .employeeId, "Employee ID")
    guard !problems.isEmpty else { return (records, [], EmailIndex(index: emails, records: records)) }
    var kept: [EmployeeRecord] = []
    var rejected: [RejectedRow] = []
    kept.reserveCapacity(records.count)
    for (index, record) in records.enumerated() {
      if let list = problems[index] {
        var keys: [PersonKey] = [.email(record.email)]
        if let id = record.employeeId { keys.insert(.employeeID(id), at: 0) }
        rejected.append(RejectedRow(source: record.source, line: record.line, keys: keys, problems: list))
      } else {
        kept.append(record)
      }
    }
    return (kept, rejected, nil)
  }
}
