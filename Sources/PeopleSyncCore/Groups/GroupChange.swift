/// What a plan does to one group.
public struct GroupChange: Equatable, Sendable {
  /// What happens to the group's file.
  public enum Kind: String, CaseIterable, Sendable {
    /// The group's first members: it did not exist.
    case create
    case update
    /// No one is left in it (or no rule names it any more).
    case delete
  }

  /// A person joining or leaving, with how to show them.
  public struct Member: Equatable, Sendable {
    /// The person's id.
    public var id: PersonID
    /// The email when known, the id otherwise.
    public var label: String

    /// A member with the label to show them by.
    public init(id: PersonID, label: String) {
      self.id = id
      self.label = label
    }
  }

  /// The group's name, which also names its file.
  public var name: String
  /// Created, updated or deleted.
  public var kind: Kind
  /// Sorted by label.
  public var joined: [Member]
  /// The people who leave the group, sorted by label.
  public var left: [Member]
  /// Everyone in the group once the plan is applied, sorted by id.
  public var members: [PersonID]

  /// A group's change as the planner computes it.
  public init(name: String, kind: Kind, joined: [Member], left: [Member], members: [PersonID]) {
    self.name = name
    self.kind = kind
    self.joined = joined
    self.left = left
    self.members = members
  }

  /// "engineering: 3 joined, 1 left".
  public var summary: String {
    var parts: [String] = []
    if !joined.isEmpty { parts.append("\(joined.count) joined") }
    if !left.isEmpty { parts.append("\(left.count) left") }
    let what = kind == .create ? "created" : kind == .delete ? "removed" : "updated"
    return "\(name) \(what)" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
  }
}
