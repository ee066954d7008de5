/// One valid row of a source snapshot: a person as the source describes them.
public struct EmployeeRecord: Equatable, Sendable {
  /// The source's name in the tenant configuration.
  public var source: String
  /// The line of the snapshot file the record starts on.
  public var line: Int
  public var fullName: String
  /// Lowercased: emails compare case-insensitively.
  public var email: String
  public var employeeId: String?
  public var department: String?
  public var title: String?
  /// As written in the source; matched against the configured names later.
  public var location: String?
  /// Lowercased, as written; resolved to a person later.
  public var managerEmail: String?
  public var pictureUrl: String?
  public var hireDate: Day?
  public var terminationDate: Day?
  /// Values of the tenant's custom fields, aligned with `TenantConfig.customFields`.
  public var custom: [String?]

  public init(
    source: String, line: Int, fullName: String, email: String, employeeId: String? = nil, department: String? = nil,
    title: String? = nil, location: String? = nil, managerEmail: String? = nil, pictureUrl: String? = nil,
    hireDate: Day? = nil, terminationDate: Day? = nil, custom: [String?] = []
  ) {
    self.source = source
    self.line = line
    self.fullName = fullName
    self.email = email
    self.employeeId = employeeId
    self.department = department
    self.title = title
    self.location = location
    self.managerEmail = managerEmail
    self.pictureUrl = pictureUrl
    self.hireDate = hireDate
    self.terminationDate = terminationDate
    self.custom = custom
  }

  /// The Employee ID when present, the email otherwise.
  public var key: PersonKey { employeeId.map(PersonKey.employeeID) ?? .email(email) }
}

/// A row that failed validation. It changes nothing, and the person it names is left as they are.
public struct RejectedRow: Equatable, Sendable {
  public var source: String
  public var line: Int
  /// The keys that could be read from the row, to protect those people from deprovisioning.
  public var keys: [PersonKey]
  public var problems: [Diagnostic]
}
