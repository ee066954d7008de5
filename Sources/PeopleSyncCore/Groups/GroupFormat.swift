/// A group's file in the directory: its name and its members' person ids, one per line and
/// sorted, so `git diff` of a group reads as the people who joined and left.
///
///     {
///       "group": "engineering",
///       "members": [
///         "0756eff2f829ec55",
///         "3fa2c9e1d0b47a11"
///       ]
///     }
public enum GroupFormat {
  public static func folder(tenant: String) -> String { "tenants/\(tenant)/directory/groups" }
  public static func path(tenant: String, name: String) -> String { "\(folder(tenant: tenant))/\(name).json" }

  /// The file's bytes; `members` must be sorted.
  public static func encode(name: String, members: [PersonID]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(48 + name.utf8.count + members.count * 24)
    out.append(contentsOf: "{\n  \"group\": ".utf8)
    JSONWriter.appendString(name, to: &out)
    out.append(contentsOf: ",\n  \"members\": [".utf8)
    for (offset, id) in members.enumerated() {
      out.append(contentsOf: (offset == 0 ? "\n    \"" : ",\n    \"").utf8)
      out.append(contentsOf: id.hexBytes)
      out.append(0x22)
    }
    out.append(contentsOf: (members.isEmpty ? "]\n}\n" : "\n  ]\n}\n").utf8)
    return out
  }

  /// The members of a group file, in file order.
  public static func decode(_ bytes: [UInt8]) throws -> (name: String, members: [PersonID]) {
    let document: JSONValue
    do { document = try JSONParser.parse(bytes) } catch {
      throw EntryFormat.DecodingError(message: "a group file is not valid JSON: \(error)")
    }
    guard let object = document.objectValue, let name = object["group"]?.stringValue, let list = object["members"]?.arrayValue else {
      throw EntryFormat.DecodingError(message: "a group file needs \"group\" and \"members\"")
    }
    var members: [PersonID] = []
    members.reserveCapacity(list.count)
    for item in list {
      guard let text = item.stringValue, let id = PersonID(hex: text) else {
        throw EntryFormat.DecodingError(message: "group \(name): a member is not a person id")
      }
      members.append(id)
    }
    return (name, members)
  }
}

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
