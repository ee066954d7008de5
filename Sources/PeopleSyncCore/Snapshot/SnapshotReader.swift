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
  /// Emails → positions in `records`, kept from the duplicate check so later phases need not build it again.
  var emailIndex: EmailIndex?
  /// Set when the file as a whole is unreadable (encoding, quoting, header).
  public internal(set) var fileLevelError = false
}

/// Reads a CSV snapshot into records, validating every row.
public enum SnapshotReader {
  /// The largest file read as a snapshot: a `RecordStore` addresses the text it keeps (at most
  /// the file's size) with 32-bit offsets, and would stop the process past 4 GiB.
  public static let maxBytes = Int(UInt32.max) - 1

  /// Reads `bytes` as the snapshot of `source`, for a tenant keeping `customFields`.
  /// Rows are validated as the parser streams them: the file is never held as a table.
  /// `progress` is told of the rows read, a thousand or so at a time.
  public static func readCSV(
    _ bytes: UnsafeRawBufferPointer, source: SourceConfig, customFields: [String], file: String, progress: ((Int) -> Void)? = nil
  ) -> Snapshot {
    guard bytes.count <= maxBytes else {
      var snapshot = Snapshot(source: source, file: file, records: [], rejected: [], diagnostics: [], rowCount: 0)
      snapshot.fileLevelError = true
      snapshot.diagnostics.append(
        Diagnostic(
          .error, "csv.too-large", file: file,
          message: "the file is \(ByteCount.text(bytes.count)), more than the \(ByteCount.text(maxBytes)) a snapshot may hold"))
      return snapshot
    }
    let options = source.csv ?? CSVOptions()
    // The stored text is about the size of the file: reserve it once.
    var builder = CSVSnapshotBuilder(source: source, options: options, customFields: customFields, file: file, expectedBytes: bytes.count)
    var rows = 0
    let result = CSVParser.scan(
      bytes, delimiter: options.delimiter, quoting: options.quoting,
      restart: {
        builder = CSVSnapshotBuilder(source: source, options: options, customFields: customFields, file: file, expectedBytes: bytes.count)
      }
    ) { record in
      rows &+= 1
      if rows & 1023 == 0 { progress?(1024) }
      return builder.add(record)
    }
    if case .failure(let error) = result {
      var snapshot = Snapshot(source: source, file: file, records: [], rejected: [], diagnostics: [], rowCount: 0)
      snapshot.fileLevelError = true
      snapshot.diagnostics.append(Diagnostic(.error, "csv.\(error.kind.rawValue)", file: file, line: error.line, message: error.message))
      return snapshot
    }
    return builder.finish()
  }

  /// Rows sharing an email or an Employee ID are all rejected: which of them is right cannot be known.
  static func rejectDuplicates(_ snapshot: inout Snapshot) {
    let file = snapshot.file
    let options = snapshot.source.csv ?? CSVOptions()
    let (kept, rejected, index) = Duplicates.split(
      snapshot.records, file: { _ in file }, column: { _, field in options.column(for: field) })
    snapshot.emailIndex = index
    guard !rejected.isEmpty else { return }
    snapshot.records = kept
    snapshot.rejected = (snapshot.rejected + rejected).sorted { $0.line < $1.line }
  }
}

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
