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

  /// The field's position in `allCases`, for array-indexed lookups.
  var ordinal: Int {
    switch self {
    case .fullName: 0
    case .email: 1
    case .employeeId: 2
    case .department: 3
    case .title: 4
    case .hireDate: 5
    case .managerEmail: 6
    case .pictureUrl: 7
    case .location: 8
    case .terminationDate: 9
    }
  }

  /// Only the name and the email are required.
  public var isRequired: Bool { self == .fullName || self == .email }

  /// Fields sort in the directory's order.
  public static func < (lhs: StandardField, rhs: StandardField) -> Bool {
    lhs.ordinal < rhs.ordinal
  }
}
