/// One automated rule of a tenant: when its condition holds for a person, its actions apply.
/// Rules are data in `tenant.json`, run in their order after the attributes are computed.
public struct Rule: Equatable, Sendable {
  public var name: String
  public var enabled: Bool
  /// Nil: everyone the rules run on.
  public var condition: RuleCondition?
  public var actions: [RuleAction]
  /// Where the rule is in the configuration (`$.rules[2]`), for messages and `explain`.
  public var path: String

  public init(name: String, enabled: Bool = true, condition: RuleCondition?, actions: [RuleAction], path: String = "$.rules[0]") {
    self.name = name
    self.enabled = enabled
    self.condition = condition
    self.actions = actions
    self.path = path
  }
}

/// A test on one person, or a combination of tests.
public indirect enum RuleCondition: Equatable, Sendable {
  case all([RuleCondition])
  case any([RuleCondition])
  case not(RuleCondition)
  case field(RuleField, RuleOperator)
  /// Time since the hire date compared with an amount of days or months; false without a hire date.
  case tenure(RuleOrder, Int, TenureUnit)
}

public enum RuleOrder: String, Equatable, Sendable {
  case lessThan
  case greaterThan
}

public enum TenureUnit: String, CaseIterable, Equatable, Sendable {
  case days
  case months
}

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

  public static let names = ["is", "isNot", "oneOf", "contains", "startsWith", "isEmpty", "lessThan", "greaterThan"]
}

/// A value a condition compares with, typed by the field it applies to.
public enum RuleValue: Equatable, Sendable {
  case text(String)
  case date(Day)
  case number(Double)
}

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

  public enum Kind: String, Sendable {
    case text
    case date
    case number
    case list
  }

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

/// What a rule does to the people it matches.
public enum RuleAction: Equatable, Sendable {
  /// The group exists from its first member on.
  case addToGroup(String)
  case removeFromGroup(String)
  case setRole(String)
  /// Nil clears the field.
  case setField(RuleField, String?)
  /// The person is not provisioned; someone already in the directory is deprovisioned like any leaver.
  case exclude

  public var name: String {
    switch self {
    case .addToGroup: "addToGroup"
    case .removeFromGroup: "removeFromGroup"
    case .setRole: "setRole"
    case .setField: "setField"
    case .exclude: "exclude"
    }
  }
}
