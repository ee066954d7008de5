/// The kinds of object PeopleSync writes.
public enum ObjectType: Sendable {
  case blob
  case tree
  case commit

  /// The name in an object's header ("blob 12\0…").
  public var name: String {
    switch self {
    case .blob: "blob"
    case .tree: "tree"
    case .commit: "commit"
    }
  }

  /// The type number in a pack entry's header.
  public var packCode: UInt8 {
    switch self {
    case .commit: 1
    case .tree: 2
    case .blob: 3
    }
  }
}
