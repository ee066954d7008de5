/// One automated rule of a tenant: when its condition holds for a person, its actions apply.
/// Rules are data in `tenant.json`, run in their order after the attributes are computed.
package struct Rule: Equatable, Sendable {
  /// The rule's name, for messages, `explain` and the plan.
  package var name: String
  /// A disabled rule is kept in the configuration but never runs.
  package var enabled: Bool
  /// Nil: everyone the rules run on.
  package var condition: RuleCondition?
  /// What happens to the people the condition holds for, in order.
  package var actions: [RuleAction]
  /// Where the rule is in the configuration (`$.rules[2]`), for messages and `explain`.
  package var path: String

  /// A rule as the configuration reader builds it.
  package init(name: String, enabled: Bool = true, condition: RuleCondition?, actions: [RuleAction], path: String = "$.rules[0]") {
    self.name = name
    self.enabled = enabled
    self.condition = condition
    self.actions = actions
    self.path = path
  }
}
