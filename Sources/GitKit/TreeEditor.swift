import CLibGit2

/// Applies path-level edits to a tree, rewriting only the trees on changed paths.
///
/// Building tree objects here, instead of through an index, keeps a sync's cost
/// proportional to its changes: untouched subtrees are referenced by id, never read.
public struct TreeEditor {
  private final class Node {
    var children: [String: Node] = [:]
    /// For a leaf: what to store there, or nil to remove the path.
    var target: TreeItem?
    var isLeaf = false
  }

  private let root = Node()

  public init() {}

  /// Stores `blob` at `path` (slash-separated), replacing what was there.
  public mutating func set(_ path: String, to blob: ObjectID) { leaf(path).target = TreeItem(id: blob, isTree: false) }

  /// Stores an already written tree at `path`, replacing what was there.
  public mutating func setTree(_ path: String, to tree: ObjectID) { leaf(path).target = TreeItem(id: tree, isTree: true) }

  /// Removes `path` if it exists; a folder left empty disappears.
  public mutating func remove(_ path: String) { leaf(path).target = nil }

  /// True when no edit has been recorded.
  public var isEmpty: Bool { root.children.isEmpty }

  private func leaf(_ path: String) -> Node {
    var node = root
    for part in path.split(separator: "/") {
      let key = String(part)
      if let next = node.children[key] {
        node = next
      } else {
        let next = Node()
        node.children[key] = next
        node = next
      }
    }
    node.isLeaf = true
    return node
  }

  /// Writes the edited tree on top of `base` (nil: an empty tree) and returns its id.
  public func write(base: ObjectID?, repository: Repository, writer: ObjectWriter) throws -> ObjectID {
    if let id = try apply(root, base: base, repository: repository, writer: writer) { return id }
    return try writer.write([], type: .tree)
  }

  private func apply(_ node: Node, base: ObjectID?, repository: Repository, writer: ObjectWriter) throws -> ObjectID? {
    var entries: [String: TreeItem] = [:]
    if let base {
      try repository.forEachEntry(of: base) { entry in entries[entry.name] = TreeItem(id: entry.id, isTree: entry.kind == .tree) }
    }
    for (name, child) in node.children {
      if child.isLeaf {
        entries[name] = child.target
      } else {
        let existing = entries[name].flatMap { $0.isTree ? $0.id : nil }
        entries[name] = try apply(child, base: existing, repository: repository, writer: writer).map { TreeItem(id: $0, isTree: true) }
      }
    }
    guard !entries.isEmpty else { return nil }
    return try writer.write(TreeItem.serialize(entries.map { (Array($0.key.utf8), $0.value) }), type: .tree)
  }
}

/// What a tree entry points at: a blob (mode 100644) or a tree (mode 40000).
public struct TreeItem: Equatable, Sendable {
  public let id: ObjectID
  public let isTree: Bool

  public init(id: ObjectID, isTree: Bool) {
    self.id = id
    self.isTree = isTree
  }

  /// Git's tree encoding of named items: sorted as if folder names ended in "/".
  public static func serialize(_ items: [(name: [UInt8], item: TreeItem)]) -> [UInt8] {
    let sorted = items.sorted { a, b in
      sortKey(a.name, a.item.isTree).lexicographicallyPrecedes(sortKey(b.name, b.item.isTree))
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(sorted.count * (sorted.first.map { $0.name.count + 28 } ?? 0))
    for entry in sorted { append(entry.name, entry.item, to: &bytes) }
    return bytes
  }

  /// Appends one entry; callers that already hold entries in git's order use this directly.
  public static func append(_ name: [UInt8], _ item: TreeItem, to bytes: inout [UInt8]) {
    bytes.append(contentsOf: item.isTree ? [0x34, 0x30, 0x30, 0x30, 0x30, 0x20] : [0x31, 0x30, 0x30, 0x36, 0x34, 0x34, 0x20])
    bytes.append(contentsOf: name)
    bytes.append(0)
    var oid = item.id.raw
    withUnsafeBytes(of: &oid.id) { bytes.append(contentsOf: $0) }
  }

  private static func sortKey(_ name: [UInt8], _ isTree: Bool) -> [UInt8] { isTree ? name + [0x2F] : name }
}
