/// What a condition compares. Text comparisons ignore case.
public enum RuleOperator: Equatable, Sendable {
  case `is`(RuleValue)
  case isNot(RuleValue)
  case oneOf([RuleValue])
  case contains(String)
  case startsWith(String)
  /// `isEmpty: false` holds for a field with a value.
  case isEmpty(Bool)
  case lessThan(RuleValue)
  case greaterThan(RuleValue)

  /// The operator's name in `tenant.json`.
  public var name: String {
    switch self {
    case .is: "is"
    case .isNot: "isNot"
    case .oneOf: "oneOf"
    case .contains: "contains"
    case .startsWith: "startsWith"
    case .isEmpty: "isEmpty"
    case .lessThan: "lessThan"
    case .greaterThan: "greaterThan"
    }
  }

  /// Every operator's name, in the order messages list them.
  public static let names = ["is", "isNot", "oneOf", "contains", "startsWith", "isEmpty", "lessThan", "greaterThan"]
}
