/// What a plan does to one group.
public struct GroupChange: Equatable, Sendable {
  public enum Kind: String, CaseIterable, Sendable {
    /// The group's first members: it did not exist.
    case create
    case update
    /// No one is left in it (or no rule names it any more).
    case delete
  }

  public struct Member: Equatable, Sendable {
    public var id: PersonID
    /// The email when known, the id otherwise.
    public var label: String

    public init(id: PersonID, label: String) {
      self.id = id
      self.label = label
    }
  }

  public var name: String
  public var kind: Kind
  /// Sorted by label.
  public var joined: [Member]
  public var left: [Member]
  /// Everyone in the group once the plan is applied, sorted by id.
  public var members: [PersonID]

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
