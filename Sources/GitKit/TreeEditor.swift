import CLibGit2

/// Applies path-level edits to a tree, rewriting only the trees on changed paths.
///
/// Building tree objects here, instead of through an index, keeps a sync's cost
/// proportional to its changes: untouched subtrees are referenced by id, never read.
public struct TreeEditor {
  private final class Node {
    var children: [String: Node] = [:]
    /// For a leaf: the blob to store, or nil to remove the path.
    var blob: ObjectID?
    var isLeaf = false
  }

  private let root = Node()

  public init() {}

  /// Stores `blob` at `path` (slash-separated), replacing what was there.
  public mutating func set(_ path: String, to blob: ObjectID) { leaf(path).blob = blob }

  /// Removes `path` if it exists; a folder left empty disappears.
  public mutating func remove(_ path: String) { leaf(path).blob = nil }

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
    var entries: [String: (mode: UInt32, id: ObjectID)] = [:]
    if let base {
      try repository.forEachEntry(of: base) { entry in
        entries[entry.name] = (entry.kind == .tree ? 0o40000 : 0o100644, entry.id)
      }
    }
    for (name, child) in node.children {
      if child.isLeaf {
        if let blob = child.blob { entries[name] = (0o100644, blob) } else { entries[name] = nil }
      } else {
        let existing = entries[name].flatMap { $0.mode == 0o40000 ? $0.id : nil }
        if let id = try apply(child, base: existing, repository: repository, writer: writer) {
          entries[name] = (0o40000, id)
        } else {
          entries[name] = nil
        }
      }
    }
    guard !entries.isEmpty else { return nil }
    return try writer.write(Self.serialize(entries), type: .tree)
  }

  /// Git's tree encoding: entries sorted as if folder names ended in "/".
  static func serialize(_ entries: [String: (mode: UInt32, id: ObjectID)]) -> [UInt8] {
    let sorted = entries.map { (key: Array($0.key.utf8) + ($0.value.mode == 0o40000 ? [0x2F] : []), name: $0.key, value: $0.value) }
      .sorted { $0.key.lexicographicallyPrecedes($1.key) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(sorted.count * 48)
    for entry in sorted {
      bytes.append(contentsOf: String(entry.value.mode, radix: 8).utf8)
      bytes.append(0x20)
      bytes.append(contentsOf: entry.name.utf8)
      bytes.append(0)
      bytes.append(contentsOf: entry.value.id.bytes)
    }
    return bytes
  }
}
