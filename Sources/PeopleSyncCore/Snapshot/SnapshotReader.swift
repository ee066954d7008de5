/// A source snapshot turned into records, with everything wrong in it.
public struct Snapshot: Sendable {
  public var source: SourceConfig
  /// The snapshot's path in the state repository.
  public var file: String
  public var records: [EmployeeRecord]
  public var rejected: [RejectedRow]
  /// File-level errors and warnings, and every row problem.
  public var diagnostics: [Diagnostic]
  /// Data rows in the file, valid or not.
  public var rowCount: Int

  /// False when the file as a whole could not be read: it must not change the directory.
  public var isUsable: Bool { !fileLevelError }
  /// Email → index in `records`, kept from the duplicate check so later phases need not build it again.
  public internal(set) var emailIndex: [String: Int]?
  /// Set when the file as a whole is unreadable (encoding, quoting, header).
  public internal(set) var fileLevelError = false
}

/// Reads a CSV snapshot into records, validating every row.
public enum SnapshotReader {
  /// Reads `bytes` as the snapshot of `source`, for a tenant keeping `customFields`.
  public static func readCSV(_ bytes: UnsafeRawBufferPointer, source: SourceConfig, customFields: [String], file: String) -> Snapshot {
    let options = source.csv ?? CSVOptions()
    var snapshot = Snapshot(source: source, file: file, records: [], rejected: [], diagnostics: [], rowCount: 0)
    let table: CSVTable
    switch CSVParser.parse(bytes, delimiter: options.delimiter, quoting: options.quoting) {
    case .failure(let error):
      snapshot.fileLevelError = true
      snapshot.diagnostics.append(Diagnostic(.error, "csv.\(error.kind.rawValue)", file: file, line: error.line, message: error.message))
      return snapshot
    case .success(let parsed):
      table = parsed
    }
    let header = table.record(0)
    var columnIndex: [String: Int] = [:]
    for (index, name) in header.enumerated() {
      if let first = columnIndex[name] {
        snapshot.fileLevelError = true
        snapshot.diagnostics.append(
          Diagnostic(.error, "csv.duplicate-column", file: file, line: table.line(of: 0), field: name,
            message: "column '\(name)' appears twice (columns \(first + 1) and \(index + 1))"))
      } else if !name.isEmpty {
        columnIndex[name] = index
      }
    }
    var columns: [StandardField: Int] = [:]
    var missing: [String] = []
    for field in StandardField.allCases {
      let name = options.column(for: field)
      let caseHint = header.first { $0.lowercased() == name.lowercased() }.map { " (found '\($0)': header names are case-sensitive)" }
      if let index = columnIndex[name] {
        columns[field] = index
      } else if field.isRequired {
        missing.append("'\(name)'\(caseHint ?? "")")
      } else if let caseHint {
        snapshot.diagnostics.append(
          Diagnostic(.warning, "csv.column-case", file: file, line: table.line(of: 0), field: name,
            message: "optional column '\(name)' is not in the file\(caseHint); the field stays empty"))
      }
    }
    if !missing.isEmpty {
      snapshot.fileLevelError = true
      let found = header.map { "'\($0)'" }.joined(separator: ", ")
      snapshot.diagnostics.append(
        Diagnostic(.error, "csv.missing-column", file: file, line: table.line(of: 0),
          message: "missing required column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); the header has \(found)"))
    }
    let customColumns: [Int?] = customFields.map { name in
      let column = options.customColumns[name] ?? name
      if let index = columnIndex[column] { return index }
      snapshot.diagnostics.append(
        Diagnostic(.warning, "csv.missing-custom-column", file: file, line: table.line(of: 0), field: column,
          message: "custom column '\(column)' is not in the file; the field '\(name)' stays empty"))
      return nil
    }
    guard !snapshot.fileLevelError else { return snapshot }
    // Rows of nothing but separators or spaces (Excel leaves them below the data) are blank lines.
    let dataRecords = (1..<table.recordCount).filter { record in !(0..<table.fieldCount(of: record)).allSatisfy { table.isBlank(record, $0) } }
    snapshot.rowCount = dataRecords.count
    if snapshot.rowCount == 0 {
      // An HR system always has someone: a file without people is a failed export, not an empty company.
      snapshot.fileLevelError = true
      snapshot.diagnostics.append(
        Diagnostic(.error, "csv.no-rows", file: file, line: table.line(of: 0), message: "the file has a header but no people (a failed or truncated export?)"))
      return snapshot
    }
    let labels = StandardField.allCases.map { options.column(for: $0) }
    var rows = RowValidator(
      table: table, columns: columns, customColumns: customColumns, file: file, source: source.name, headerCount: header.count, labels: labels)
    snapshot.records.reserveCapacity(snapshot.rowCount)
    for record in dataRecords {
      switch rows.read(record) {
      case .valid(let employee): snapshot.records.append(employee)
      case .rejected(let row): snapshot.rejected.append(row)
      }
    }
    snapshot.diagnostics += rows.warnings
    rejectDuplicates(&snapshot, columns: columns)
    for row in snapshot.rejected { snapshot.diagnostics += row.problems }
    return snapshot
  }

  /// Rows sharing an email or an Employee ID are all rejected: which of them is right cannot be known.
  static func rejectDuplicates(_ snapshot: inout Snapshot, columns: [StandardField: Int]) {
    let file = snapshot.file
    let options = snapshot.source.csv ?? CSVOptions()
    let (kept, rejected, index) = Duplicates.split(snapshot.records, file: { _ in file }, column: { _, field in options.column(for: field) })
    snapshot.emailIndex = index
    guard !rejected.isEmpty else { return }
    snapshot.records = kept
    snapshot.rejected = (snapshot.rejected + rejected).sorted { $0.line < $1.line }
  }
}

/// Finds records that claim the same email or Employee ID.
public enum Duplicates {
  /// Splits records into those with unique keys and rejected rows for all that share one.
  /// `file` names the file a record came from, for the messages.
  /// `column` names a field as the record's source does.
  public static func split(
    _ records: [EmployeeRecord], file: (EmployeeRecord) -> String,
    column: (EmployeeRecord, StandardField) -> String = { $1.defaultColumn }
  ) -> (kept: [EmployeeRecord], rejected: [RejectedRow], emailIndex: [String: Int]?) {
    // First index per key; only keys seen twice get a list, so a clean file allocates no arrays.
    var firstByEmail: [String: Int] = [:]
    var firstByID: [String: Int] = [:]
    var byEmail: [String: [Int]] = [:]
    var byID: [String: [Int]] = [:]
    firstByEmail.reserveCapacity(records.count)
    firstByID.reserveCapacity(records.count)
    for (index, record) in records.enumerated() {
      if let first = firstByEmail.updateValue(index, forKey: record.email) {
        firstByEmail[record.email] = first
        byEmail[record.email, default: [first]].append(index)
      }
      if let id = record.employeeId, let first = firstByID.updateValue(index, forKey: id) {
        firstByID[id] = first
        byID[id, default: [first]].append(index)
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
            Diagnostic(.error, "row.duplicate-\(field.rawValue)", file: file(record), line: record.line, field: column(record, field),
              message: "duplicate \(label) '\(value)' (also on \(others.joined(separator: ", "))); the row is rejected"))
        }
      }
    }
    flag(byEmail, .email, "email")
    flag(byID, .employeeId, "Employee ID")
    guard !problems.isEmpty else { return (records, [], firstByEmail) }
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
