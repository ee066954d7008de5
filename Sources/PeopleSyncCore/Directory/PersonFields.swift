/// A person's attributes in the directory.
public struct PersonFields: Equatable, Sendable {
  /// The person's name as the source writes it.
  public var fullName: String
  /// The work email (lowercased as read): how people are known when they have no Employee ID.
  public var email: String
  /// The HR system's Employee ID, when the source has one.
  public var employeeId: String?
  /// The department, as written.
  public var department: String?
  /// The job title, as written.
  public var title: String?
  /// The location in its configured spelling; nil when blank or not a configured location.
  public var location: String?
  /// The manager's email; nil when blank or when the manager is not an active person.
  public var managerEmail: String?
  /// An http(s) URL of the person's picture.
  public var pictureUrl: String?
  /// The first working day.
  public var hireDate: Day?
  /// The last working day, when one is known.
  public var terminationDate: Day?
  /// Kept custom fields with a value.
  public var custom: CustomFields
  /// The role a rule set; nil when no rule did.
  public var role: String?
  /// The groups rules put the person in, sorted by name.
  public var groups: [String]

  /// The fields of one person; what is not given is blank.
  public init(
    fullName: String, email: String, employeeId: String? = nil, department: String? = nil, title: String? = nil,
    location: String? = nil, managerEmail: String? = nil, pictureUrl: String? = nil, hireDate: Day? = nil,
    terminationDate: Day? = nil, custom: CustomFields = [:], role: String? = nil, groups: [String] = []
  ) {
    self.role = role
    self.groups = groups
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

  /// Every field with a value, in the directory's field order, custom fields last by name.
  public var namedValues: [(name: String, value: String)] {
    var values: [(String, String)] = [("fullName", fullName), ("email", email)]
    func add(_ name: String, _ value: String?) { if let value { values.append((name, value)) } }
    add("employeeId", employeeId)
    add("department", department)
    add("title", title)
    add("location", location)
    add("managerEmail", managerEmail)
    add("pictureUrl", pictureUrl)
    add("hireDate", hireDate?.description)
    add("terminationDate", terminationDate?.description)
    for (name, value) in custom.sorted { values.append(("custom.\(name)", value)) }
    add("role", role)
    if !groups.isEmpty { values.append(("groups", groups.joined(separator: ", "))) }
    return values
  }
}
