/// A test on one person, or a combination of tests.
public indirect enum RuleCondition: Equatable, Sendable {
  case all([RuleCondition])
  case any([RuleCondition])
  case not(RuleCondition)
  case field(RuleField, RuleOperator)
  /// Time since the hire date compared with an amount of days or months; false without a hire date.
  case tenure(RuleOrder, Int, TenureUnit)
}

/// How a tenure compares with its amount.
public enum RuleOrder: String, Equatable, Sendable {
  case lessThan
  case greaterThan
}

/// What a tenure counts: whole days, or whole calendar months.
public enum TenureUnit: String, CaseIterable, Equatable, Sendable {
  case days
  case months
}
