/// A value a condition compares with, typed by the field it applies to.
public enum RuleValue: Equatable, Sendable {
  case text(String)
  case date(Day)
  case number(Double)
}
