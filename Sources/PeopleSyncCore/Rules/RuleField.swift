/// A field a rule reads or sets: a directory field, a kept custom field, or one rules compute.
public enum RuleField: Hashable, Sendable {
  case standard(StandardField)
  /// A kept custom field, by its position in `customFields`.
  case custom(Int, String)
  /// The role an earlier rule set.
  case role
  /// The groups earlier rules added; `contains` tests membership.
  case groups
  /// How many active people name this person as their manager.
  case directReports
  /// The source the person's record came from.
  case source

  /// The type of a field's values, which decides the operators it takes.
  public enum Kind: String, Sendable {
    case text
    case date
    case number
    case list
  }

  /// Dates for the hire and termination dates, a number for direct reports, a list for groups, text otherwise.
  public var kind: Kind {
    switch self {
    case .standard(.hireDate), .standard(.terminationDate): .date
    case .directReports: .number
    case .groups: .list
    case .standard, .custom, .role, .source: .text
    }
  }

  /// The name `tenant.json` uses: the directory field's, or the custom field's as configured.
  public var name: String {
    switch self {
    case .standard(let field): field.rawValue
    case .custom(_, let name): name
    case .role: "role"
    case .groups: "groups"
    case .directReports: "directReports"
    case .source: "source"
    }
  }

  /// Field names rules compute; a custom field may not take one.
  public static let reservedNames = ["role", "groups", "directReports", "source"]

  /// The operators that make sense for the field's type.
  public var operators: [String] {
    switch kind {
    case .text:
      if case .custom = self { return RuleOperator.names }
      return ["is", "isNot", "oneOf", "contains", "startsWith", "isEmpty"]
    case .date: return ["is", "isNot", "isEmpty", "lessThan", "greaterThan"]
    case .number: return ["is", "isNot", "lessThan", "greaterThan"]
    case .list: return ["contains", "isEmpty"]
    }
  }

  /// Fields a `setField` action may write: not the keys people are matched by, nor the dates their lifecycle follows.
  public var isSettable: Bool {
    switch self {
    case .standard(let field): [.fullName, .department, .title, .location, .managerEmail, .pictureUrl].contains(field)
    case .custom: true
    case .role, .groups, .directReports, .source: false
    }
  }
}
