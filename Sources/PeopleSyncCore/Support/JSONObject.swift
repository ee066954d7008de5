/// A JSON object: its members in written order, with lookup by key.
public struct JSONObject: Equatable, Sendable {
  /// The members in written order; a key set again keeps its place.
  public private(set) var members: [(key: String, value: JSONValue)] = []
  /// Positions by key, only for objects of more than `scanned` members: most objects (a name, an
  /// email, `meta`) have a handful, where comparing keys costs less than hashing them and a table
  /// per object costs memory (a server holds every stored resource).
  private var index: [String: Int]?
  static let scanned = 8

  /// An empty object.
  public init() {}

  /// An object with `members` in this order; a key given twice keeps its last value in its first place.
  public init(_ members: [(String, JSONValue)]) {
    for (key, value) in members { self[key] = value }
  }

  /// The keys in written order.
  public var keys: [String] { members.map(\.key) }

  private func position(of key: String) -> Int? {
    if let index { return index[key] }
    return members.firstIndex { $0.key == key }
  }

  /// The member's value; setting nil removes the member, setting a new key appends it.
  public subscript(key: String) -> JSONValue? {
    get { position(of: key).map { members[$0].value } }
    set {
      if let position = position(of: key) {
        if let newValue {
          members[position].value = newValue
        } else {
          members.remove(at: position)
          if index != nil { index = Self.positions(members) }
        }
      } else if let newValue {
        members.append((key, newValue))
        if index != nil {
          index?[key] = members.count - 1
        } else if members.count > Self.scanned {
          index = Self.positions(members)
        }
      }
    }
  }

  private static func positions(_ members: [(key: String, value: JSONValue)]) -> [String: Int]? {
    members.count > scanned ? Dictionary(uniqueKeysWithValues: members.enumerated().map { ($1.key, $0) }) : nil
  }

  /// Equal when the same keys have equal values, in any order (as JSON defines objects).
  public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
    lhs.members.count == rhs.members.count && lhs.members.allSatisfy { rhs[$0.key] == $0.value }
  }
}
