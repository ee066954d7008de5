/// One valid row of a source snapshot: a person as the source describes them.
///
/// A view into a `RecordStore`: the strings below are made when asked for, and the hot
/// phases of a sync read the bytes instead (`bytes(_:)`).
public struct EmployeeRecord: Equatable, Sendable {
  /// The store holding the record's bytes, shared by every record of its snapshot.
  public let store: RecordStore
  /// The record's row in `store`.
  public let index: Int

  init(store: RecordStore, index: Int) {
    self.store = store
    self.index = index
  }

  /// A record in a store of its own, for tests and small inputs.
  public init(
    source: String, line: Int, fullName: String, email: String, employeeId: String? = nil, department: String? = nil,
    title: String? = nil, location: String? = nil, managerEmail: String? = nil, pictureUrl: String? = nil,
    hireDate: Day? = nil, terminationDate: Day? = nil, custom: [String?] = [], customNames: [String]? = nil
  ) {
    let store = RecordStore(source: source, customNames: customNames ?? custom.indices.map { "custom\($0)" })
    let values: [String?] = [fullName, email, employeeId, department, title, nil, managerEmail, pictureUrl, location, nil]
    let fields = values.map { $0.map(store.append) ?? .blank }
    self = store.addRow(
      line: line, fields: fields, hire: hireDate, termination: terminationDate, custom: custom.map { $0.map(store.append) ?? .blank })
  }

  /// The source's name in the tenant configuration.
  public var source: String { store.source }
  /// The line of the snapshot file the record starts on.
  public var line: Int { Int(store.rows[index].line) }

  /// A field's bytes (empty when blank).
  public func bytes(_ field: StandardField) -> UnsafeBufferPointer<UInt8> { store.bytes(store.field(index, field)) }

  /// A field's text, nil when blank.
  public func text(_ field: StandardField) -> String? { store.string(store.field(index, field)) }

  /// The person's name; a valid record always has one.
  public var fullName: String { text(.fullName) ?? "" }
  /// Lowercased: emails compare case-insensitively.
  public var email: String { text(.email) ?? "" }
  /// The HR system's Employee ID, nil when blank.
  public var employeeId: String? { text(.employeeId) }
  /// The department, nil when blank.
  public var department: String? { text(.department) }
  /// The job title, nil when blank.
  public var title: String? { text(.title) }
  /// As written in the source; matched against the configured names later.
  public var location: String? { text(.location) }
  /// Lowercased, as written; resolved to a person later.
  public var managerEmail: String? { text(.managerEmail) }
  /// The picture's http(s) URL, nil when blank (or not a URL, which the row's validation blanks).
  public var pictureUrl: String? { text(.pictureUrl) }

  /// The hire date, nil when blank.
  public var hireDate: Day? {
    let value = store.rows[index].hire
    return value == RecordStore.noDay ? nil : Day(ordinal: value)
  }

  /// The termination date, nil when blank.
  public var terminationDate: Day? {
    let value = store.rows[index].termination
    return value == RecordStore.noDay ? nil : Day(ordinal: value)
  }

  /// Values of the tenant's custom fields, aligned with `TenantConfig.customFields`.
  public var custom: [String?] {
    let width = store.customNames.count
    return (0..<width).map { store.string(store.custom[index * width + $0]) }
  }

  /// The positions of the custom values, aligned with `TenantConfig.customFields`.
  var customRanges: ArraySlice<TextRange> {
    let width = store.customNames.count
    return store.custom[(index * width)..<((index + 1) * width)]
  }

  /// True when the record has an Employee ID.
  public var hasEmployeeId: Bool { !store.field(index, .employeeId).isBlank }

  /// The Employee ID when present, the email otherwise.
  public var key: PersonKey { employeeId.map(PersonKey.employeeID) ?? .email(email) }

  /// Equal when every value is, wherever the two records' bytes are stored.
  public static func == (lhs: EmployeeRecord, rhs: EmployeeRecord) -> Bool {
    lhs.source == rhs.source && lhs.line == rhs.line && lhs.hireDate == rhs.hireDate && lhs.terminationDate == rhs.terminationDate
      && lhs.custom == rhs.custom
      && StandardField.allCases.allSatisfy { lhs.text($0) == rhs.text($0) }
  }
}
