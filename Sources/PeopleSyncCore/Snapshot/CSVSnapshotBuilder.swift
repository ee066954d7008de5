/// Turns streamed CSV records into a snapshot: the header first, then each row as it comes.
struct CSVSnapshotBuilder {
  private var snapshot: Snapshot
  private let options: CSVOptions
  private let customFields: [String]
  private var rows: RowValidator?
  private var headerLine = 1
  private let store: RecordStore

  init(source: SourceConfig, options: CSVOptions, customFields: [String], file: String, expectedBytes: Int = 4096) {
    snapshot = Snapshot(source: source, file: file, records: [], rejected: [], diagnostics: [], rowCount: 0)
    self.options = options
    self.customFields = customFields
    store = RecordStore(source: source.name, customNames: customFields, expectedBytes: expectedBytes)
  }

  /// Takes one record; returns false once the file is known to be unreadable.
  mutating func add(_ record: CSVRecord) -> Bool {
    guard rows != nil else {
      readHeader(record)
      return !snapshot.fileLevelError
    }
    // Rows of nothing but separators or spaces (Excel leaves them below the data) are blank lines.
    if record.isBlankLine { return true }
    snapshot.rowCount += 1
    switch rows!.read(record) {
    case .valid(let employee): snapshot.records.append(employee)
    case .rejected(let row): snapshot.rejected.append(row)
    }
    return true
  }

  private mutating func readHeader(_ record: CSVRecord) {
    let file = snapshot.file
    let header = record.fields
    headerLine = record.line
    var columnIndex: [String: Int] = [:]
    for (index, name) in header.enumerated() {
      if let first = columnIndex[name] {
        snapshot.fileLevelError = true
        snapshot.diagnostics.append(
          Diagnostic(
            .error, "csv.duplicate-column", file: file, line: headerLine, field: name,
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
          Diagnostic(
            .warning, "csv.column-case", file: file, line: headerLine, field: name,
            message: "optional column '\(name)' is not in the file\(caseHint); the field stays empty"))
      }
    }
    if !missing.isEmpty {
      snapshot.fileLevelError = true
      let found = header.map { "'\($0)'" }.joined(separator: ", ")
      snapshot.diagnostics.append(
        Diagnostic(
          .error, "csv.missing-column", file: file, line: headerLine,
          message: "missing required column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); the header has \(found)"))
    }
    let customColumns: [Int?] = customFields.map { name in
      let column = options.customColumns[name] ?? name
      if let index = columnIndex[column] { return index }
      snapshot.diagnostics.append(
        Diagnostic(
          .warning, "csv.missing-custom-column", file: file, line: headerLine, field: column,
          message: "custom column '\(column)' is not in the file; the field '\(name)' stays empty"))
      return nil
    }
    guard !snapshot.fileLevelError else { return }
    let labels = StandardField.allCases.map { options.column(for: $0) }
    rows = RowValidator(
      columns: columns, customColumns: customColumns, file: file, source: snapshot.source.name, headerCount: header.count, labels: labels,
      store: store)
  }

  /// The snapshot, with duplicates rejected and every problem listed.
  consuming func finish() -> Snapshot {
    guard !snapshot.fileLevelError, let rows else { return snapshot }
    if snapshot.rowCount == 0 {
      // An HR system always has someone: a file without people is a failed export, not an empty company.
      snapshot.fileLevelError = true
      snapshot.diagnostics.append(
        Diagnostic(
          .error, "csv.no-rows", file: snapshot.file, line: headerLine,
          message: "the file has a header but no people (a failed or truncated export?)"))
      return snapshot
    }
    snapshot.diagnostics += rows.warnings
    SnapshotReader.rejectDuplicates(&snapshot)
    for row in snapshot.rejected { snapshot.diagnostics += row.problems }
    return snapshot
  }
}
