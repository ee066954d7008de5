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

  /// The action's name in `tenant.json`.
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
