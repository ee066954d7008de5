/// One valid row of a source snapshot: a person as the source describes them.
///
/// A class, not a struct: a million records pass through several phases, and a
/// reference costs one retain where a struct of a dozen strings costs a dozen.
public final class EmployeeRecord: Equatable, Sendable {
  /// The source's name in the tenant configuration.
  public let source: String
  /// The line of the snapshot file the record starts on.
  public let line: Int
  public let fullName: String
  /// Lowercased: emails compare case-insensitively.
  public let email: String
  public let employeeId: String?
  public let department: String?
  public let title: String?
  /// As written in the source; matched against the configured names later.
  public let location: String?
  /// Lowercased, as written; resolved to a person later.
  public let managerEmail: String?
  public let pictureUrl: String?
  public let hireDate: Day?
  public let terminationDate: Day?
  /// Values of the tenant's custom fields, aligned with `TenantConfig.customFields`.
  public let custom: [String?]

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

  public static func == (lhs: EmployeeRecord, rhs: EmployeeRecord) -> Bool {
    lhs.source == rhs.source && lhs.line == rhs.line && lhs.fullName == rhs.fullName && lhs.email == rhs.email
      && lhs.employeeId == rhs.employeeId && lhs.department == rhs.department && lhs.title == rhs.title
      && lhs.location == rhs.location && lhs.managerEmail == rhs.managerEmail && lhs.pictureUrl == rhs.pictureUrl
      && lhs.hireDate == rhs.hireDate && lhs.terminationDate == rhs.terminationDate && lhs.custom == rhs.custom
  }

  /// The Employee ID when present, the email otherwise.
  public var key: PersonKey { employeeId.map(PersonKey.employeeID) ?? .email(email) }
}

/// A row that failed validation. It changes nothing, and the person it names is left as they are.
public struct RejectedRow: Equatable, Sendable {
  public let source: String
  public let line: Int
  /// The keys that could be read from the row, to protect those people from deprovisioning.
  public var keys: [PersonKey]
  public var problems: [Diagnostic]
}
