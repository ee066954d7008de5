/// Validates one CSV record at a time and turns it into an `EmployeeRecord`.
struct RowValidator {
  /// Column index per standard field, by the field's position in `StandardField.allCases`.
  let columns: [Int?]
  let customColumns: [Int?]
  let file: String
  let source: String
  let headerCount: Int
  /// The file's column name per standard field, for messages.
  let labels: [String]
  private(set) var warnings: [Diagnostic] = []

  init(
    columns: [StandardField: Int], customColumns: [Int?], file: String, source: String, headerCount: Int,
    labels: [String] = StandardField.allCases.map(\.defaultColumn)
  ) {
    self.labels = labels
    self.columns = StandardField.allCases.map { columns[$0] }
    self.customColumns = customColumns
    self.file = file
    self.source = source
    self.headerCount = headerCount
  }

  private func value(_ record: CSVRecord, _ field: StandardField) -> String? {
    guard let column = columns[field.ordinal], column < record.fieldCount, !record.isBlank(column) else { return nil }
    return record.field(column)
  }

  enum Outcome {
    case valid(EmployeeRecord)
    case rejected(RejectedRow)
  }

  mutating func read(_ record: CSVRecord) -> Outcome {
    let line = record.line
    var problems: [Diagnostic] = []
    func problem(_ field: StandardField?, _ code: String, _ message: String) {
      problems.append(Diagnostic(.error, code, file: file, line: line, field: field.map { labels[$0.ordinal] }, message: message))
    }
    let fields = record.fieldCount
    if fields != headerCount {
      problem(nil, "row.field-count", "expected \(headerCount) fields as in the header, found \(fields) (a truncated line or an unquoted separator?)")
    }
    let name = value(record, .fullName)
    let rawEmail = value(record, .email)
    let email = rawEmail.map(FieldRules.asciiLowercased)
    let employeeId = value(record, .employeeId)
    if name == nil { problem(.fullName, "row.missing-name", "Full Name is required") }
    if let email {
      if !FieldRules.isValidEmail(email) { problem(.email, "row.bad-email", "'\(rawEmail!)' is not a valid email address") }
    } else {
      problem(.email, "row.missing-email", "Email is required")
    }
    func date(_ field: StandardField) -> Day? {
      guard let text = value(record, field) else { return nil }
      if let day = Day(text) { return day }
      problem(field, "row.bad-date", "'\(text)' is not a date in YYYY-MM-DD form")
      return nil
    }
    let hire = date(.hireDate)
    let termination = date(.terminationDate)
    let picture = value(record, .pictureUrl)
    if let picture, !FieldRules.isValidPictureURL(picture) {
      problem(.pictureUrl, "row.bad-picture-url", "'\(picture)' is not an http(s) URL")
    }
    var manager = value(record, .managerEmail).map(FieldRules.asciiLowercased)
    if let text = manager, !FieldRules.isValidEmail(text) {
      warnings.append(
        Diagnostic(.warning, "row.bad-manager-email", file: file, line: line, field: labels[StandardField.managerEmail.ordinal],
          message: "'\(text)' is not a valid email address; the manager is left blank"))
      manager = nil
    }
    guard problems.isEmpty, let name, let email else {
      // A line with the wrong number of fields (truncated, or an unquoted separator) cannot be
      // trusted to name anyone: it gets no keys, which suspends absence-based deprovisioning.
      var keys: [PersonKey] = []
      if fields == headerCount {
        if let employeeId { keys.append(.employeeID(employeeId)) }
        if let email, FieldRules.isValidEmail(email) { keys.append(.email(email)) }
      }
      return .rejected(RejectedRow(source: source, line: line, keys: keys, problems: problems))
    }
    let custom: [String?] = customColumns.map { column in
      guard let column, column < fields, !record.isBlank(column) else { return nil }
      return record.field(column)
    }
    return .valid(
      EmployeeRecord(
        source: source, line: line, fullName: name, email: email, employeeId: employeeId,
        department: value(record, .department), title: value(record, .title), location: value(record, .location),
        managerEmail: manager, pictureUrl: picture, hireDate: hire, terminationDate: termination, custom: custom))
  }
}
