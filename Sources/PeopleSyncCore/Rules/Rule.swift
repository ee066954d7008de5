/// One automated rule of a tenant: when its condition holds for a person, its actions apply.
/// Rules are data in `tenant.json`, run in their order after the attributes are computed.
public struct Rule: Equatable, Sendable {
  /// The rule's name, for messages, `explain` and the plan.
  public var name: String
  /// A disabled rule is kept in the configuration but never runs.
  public var enabled: Bool
  /// Nil: everyone the rules run on.
  public var condition: RuleCondition?
  /// What happens to the people the condition holds for, in order.
  public var actions: [RuleAction]
  /// Where the rule is in the configuration (`$.rules[2]`), for messages and `explain`.
  public var path: String

  /// A rule as the configuration reader builds it.
  public init(name: String, enabled: Bool = true, condition: RuleCondition?, actions: [RuleAction], path: String = "$.rules[0]") {
    self.name = name
    self.enabled = enabled
    self.condition = condition
    self.actions = actions
    self.path = path
  }
}
