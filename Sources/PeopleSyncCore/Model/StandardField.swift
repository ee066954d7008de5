/// The employee fields every integration knows, as the original product names them.
public enum StandardField: String, CaseIterable, Sendable, Comparable {
  case fullName
  case email
  case employeeId
  case department
  case title
  case hireDate
  case managerEmail
  case pictureUrl
  case location
  case terminationDate

  /// The CSV header the original product expects (case-sensitive).
  public var defaultColumn: String {
    switch self {
    case .fullName: "Full Name"
    case .email: "Email"
    case .employeeId: "Employee ID"
    case .department: "Department"
    case .title: "Title"
    case .hireDate: "Hire Date"
    case .managerEmail: "Manager's email"
    case .pictureUrl: "Picture URL"
    case .location: "Location"
    case .terminationDate: "Termination Date"
    }
  }

  /// Only the name and the email are required.
  public var isRequired: Bool { self == .fullName || self == .email }

  public static func < (lhs: StandardField, rhs: StandardField) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}
