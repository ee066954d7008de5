/// What identifies a person in a feed: the Employee ID when present, the email otherwise.
public enum PersonKey: Hashable, Sendable, CustomStringConvertible {
  case employeeID(String)
  /// Always lowercased.
  case email(String)

  /// The canonical text hashed into a `PersonID`.
  public var canonical: String {
    switch self {
    case .employeeID(let id): "employee-id:" + id
    case .email(let email): "email:" + email
    }
  }

  /// The key as messages show it: `Employee ID E123`, or the email.
  public var description: String {
    switch self {
    case .employeeID(let id): "Employee ID \(id)"
    case .email(let email): email
    }
  }
}
