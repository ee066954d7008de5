/// Validates one CSV record at a time and stores it in a `RecordStore`.
struct RowValidator {
  /// Column index per standard field, by the field's position in `StandardField.allCases`.
  let columns: [Int?]
  let customColumns: [Int?]
  let file: String
  let source: String
  let headerCount: Int
  /// The file's column name per standard field, for messages.
  let labels: [String]
  let store: RecordStore
  private(set) var warnings: [Diagnostic] = []

  init(
    columns: [StandardField: Int], customColumns: [Int?], file: String, source: String, headerCount: Int,
    labels: [String] = StandardField.allCases.map(\.defaultColumn), store: RecordStore
  ) {
    self.labels = labels
    self.columns = StandardField.allCases.map { columns[$0] }
    self.customColumns = customColumns
    self.file = file
    self.source = source
    self.headerCount = headerCount
    self.store = store
  }

  /// A field's trimmed bytes, empty when the column is missing or blank.
  private func value(_ record: CSVRecord, _ field: StandardField) -> UnsafeBufferPointer<UInt8> {
    guard let column = columns[field.ordinal], column < record.fieldCount else { return UnsafeBufferPointer(start: nil, count: 0) }
    return record.trimmed(column)
  }

  enum Outcome {
    case valid(EmployeeRecord)
    case rejected(RejectedRow)
  }

  /// Checks a record's fields; a valid record is stored, a rejected one leaves the store as it was.
  mutating func read(_ record: CSVRecord) -> Outcome {
    let line = record.line
    let mark = store.mark
    var problems: [Diagnostic] = []
    func problem(_ field: StandardField?, _ code: String, _ message: String) {
      problems.append(Diagnostic(.error, code, file: file, line: line, field: field.map { labels[$0.ordinal] }, message: message))
    }
    func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
    let fieldCount = record.fieldCount
    if fieldCount != headerCount {
      problem(
        nil, "row.field-count",
        "expected \(headerCount) fields as in the header, found \(fieldCount) (a truncated line or an unquoted separator?)")
    }
    var fields = [TextRange](repeating: .blank, count: StandardField.allCases.count)
    func keep(_ field: StandardField, lowercased: Bool = false) -> TextRange {
      let range = store.append(value(record, field), lowercasingASCII: lowercased)
      fields[field.ordinal] = range
      return range
    }
    if keep(.fullName).isBlank { problem(.fullName, "row.missing-name", "Full Name is required") }
    let email = keep(.email, lowercased: true)
    let emailValid = !email.isBlank && FieldRules.isValidEmail(bytes: store.bytes(email))
    if email.isBlank {
      problem(.email, "row.missing-email", "Email is required")
    } else if !emailValid {
      problem(.email, "row.bad-email", "'\(text(value(record, .email)))' is not a valid email address")
    }
    let employeeId = keep(.employeeId)
    for field in [StandardField.department, .title, .location] { _ = keep(field) }
    // An optional value that is not valid is left blank, with a warning: it never costs the row.
    func dropped(_ field: StandardField, _ code: String, _ message: String) {
      warnings.append(Diagnostic(.warning, code, file: file, line: line, field: labels[field.ordinal], message: message))
    }
    func date(_ field: StandardField) -> (day: Day?, bad: Bool) {
      let bytes = value(record, field)
      guard !bytes.isEmpty else { return (nil, false) }
      return Day(bytes: bytes).map { ($0, false) } ?? (nil, true)
    }
    let (hire, badHire) = date(.hireDate)
    if badHire { dropped(.hireDate, "row.bad-date", "'\(text(value(record, .hireDate)))' is not a date in YYYY-MM-DD form; left blank") }
    // A Termination Date is not dropped: blank, it would make a leaver look active again.
    let (termination, badTermination) = date(.terminationDate)
    if badTermination {
      problem(.terminationDate, "row.bad-date", "'\(text(value(record, .terminationDate)))' is not a date in YYYY-MM-DD form")
    }
    let picture = keep(.pictureUrl)
    if !picture.isBlank, !FieldRules.isValidPictureURL(bytes: store.bytes(picture)) {
      dropped(.pictureUrl, "row.bad-picture-url", "'\(text(store.bytes(picture)))' is not an http(s) URL; left blank")
      fields[StandardField.pictureUrl.ordinal] = .blank
    }
    let manager = keep(.managerEmail, lowercased: true)
    if !manager.isBlank, !FieldRules.isValidEmail(bytes: store.bytes(manager)) {
      dropped(
        .managerEmail, "row.bad-manager-email", "'\(text(store.bytes(manager)))' is not a valid email address; the manager is left blank")
      fields[StandardField.managerEmail.ordinal] = .blank
    }
    guard problems.isEmpty else {
      // A line with the wrong number of fields (truncated, or an unquoted separator) cannot be
      // trusted to name anyone: it gets no keys, which suspends absence-based deprovisioning.
      var keys: [PersonKey] = []
      if fieldCount == headerCount {
        if !employeeId.isBlank { keys.append(.employeeID(text(store.bytes(employeeId)))) }
        if emailValid { keys.append(.email(text(store.bytes(email)))) }
      }
      store.rollBack(to: mark)
      return .rejected(RejectedRow(source: source, line: line, keys: keys, problems: problems, termination: termination))
    }
    let custom: [TextRange] = customColumns.map { column in
      guard let column, column < fieldCount else { return .blank }
      return store.append(record.trimmed(column))
    }
    return .valid(store.addRow(line: line, fields: fields, hire: hire, termination: termination, custom: custom))
  }
}
