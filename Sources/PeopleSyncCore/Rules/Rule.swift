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
