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
