/// What the rules decided for one person.
public struct RuleOutcome: Sendable {
  /// The role the last `setRole` that applied set; nil when none did.
  public var role: String?
  /// The groups the person ends up in after every add and remove.
  public var groups = GroupSet()
  /// Fields rules set, in the order they were set (a later one wins).
  public var overrides: [(field: RuleField, value: String?)] = []
  /// True when an `exclude` applied: the person is not provisioned.
  public var excluded = false
  /// With tracing on: every action that applied, with the index of its rule in the configuration.
  public var applied: [(rule: Int, action: RuleAction)] = []

  /// What applies when no rule does: no role, no groups, nothing set.
  public init() {}

  /// Writes the role, the groups and the fields rules set into `fields`.
  public func apply(to fields: inout PersonFields, groupNames: [String]) {
    fields.role = role
    var names: [String] = []
    groups.forEach { names.append(groupNames[$0]) }
    fields.groups = names
    for (field, value) in overrides {
      let value = value.flatMap { $0.isEmpty ? nil : $0 }
      switch field {
      case .standard(.fullName): if let value { fields.fullName = value }
      case .standard(.department): fields.department = value
      case .standard(.title): fields.title = value
      case .standard(.location): fields.location = value
      case .standard(.managerEmail): fields.managerEmail = value
      case .standard(.pictureUrl): fields.pictureUrl = value
      case .custom(let index, _): fields.custom = fields.custom.setting(index, value)
      default: break
      }
    }
  }

  /// The value a rule set for `field`, if one did (a nil inside means cleared).
  public func override(_ field: RuleField) -> String?? {
    for item in overrides.reversed() where item.field == field { return .some(item.value) }
    return nil
  }
}
