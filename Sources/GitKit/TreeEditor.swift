import CLibGit2
import PackKit

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
    if let id = try apply(root, path: "", base: base, repository: repository, writer: writer) { return id }
    return try writer.write([], type: .tree)
  }

  /// Copies the base tree's entries as they are (modes included) except the edited names, and
  /// splices the edits in at their places in git's order: no sort, and no string per entry.
  private func apply(_ node: Node, path: String, base: ObjectID?, repository: Repository, writer: ObjectWriter) throws -> ObjectID? {
    let raw = try base.map { try writer.knownTree($0) ?? repository.rawTree($0) } ?? []
    let names = node.children.keys.map { (name: $0, bytes: Array($0.utf8)) }
    // A few edits in a tree of hundreds of entries: comparing bytes beats making a string per entry.
    func edited(_ name: ArraySlice<UInt8>) -> String? { names.first { $0.bytes.elementsEqual(name) }?.name }
    var existing: [String: TreeItem] = [:]
    try TreeItem.forEachRawEntry(raw) { _, name, item in
      if let key = edited(name) { existing[key] = item }
    }
    var edits: [(name: [UInt8], item: TreeItem)] = []
    for (name, bytes) in names {
      let child = node.children[name]!
      let item: TreeItem?
      if child.isLeaf {
        item = child.target
      } else {
        let subtree = existing[name].flatMap { $0.isTree ? $0.id : nil }
        item = try apply(child, path: path.isEmpty ? name : path + "/" + name, base: subtree, repository: repository, writer: writer).map {
          TreeItem(id: $0, isTree: true)
        }
      }
      if let item { edits.append((bytes, item)) }
    }
    edits.sort { TreeItem.precedes($0.name, $0.item.isTree, $1.name, $1.item.isTree) }
    var out: [UInt8] = []
    out.reserveCapacity(raw.count + edits.count * 64)
    var next = 0
    try TreeItem.forEachRawEntry(raw) { entry, name, item in
      while next < edits.count, TreeItem.precedes(edits[next].name, edits[next].item.isTree, name, item.isTree) {
        TreeItem.append(edits[next].name, edits[next].item, to: &out)
        next += 1
      }
      if edited(name) == nil { out.append(contentsOf: entry) }
    }
    for edit in edits[next...] { TreeItem.append(edit.name, edit.item, to: &out) }
    guard !out.isEmpty else { return nil }
    return try writer.write(out, type: .tree, path: path)
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
    let sorted = items.sorted { a, b in precedes(a.name, a.item.isTree, b.name, b.item.isTree) }
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

  /// Whether `a` comes before `b` in a tree: byte order, as if folder names ended in "/" (git's
  /// `base_name_compare`).
  public static func precedes<A: Collection<UInt8>, B: Collection<UInt8>>(_ a: A, _ aIsTree: Bool, _ b: B, _ bIsTree: Bool) -> Bool {
    TreeOrder.precedes(a, aIsTree, b, bIsTree)
  }

  /// Walks a raw tree object: each entry's whole bytes, its name and what it points at.
  static func forEachRawEntry(_ raw: [UInt8], _ body: (ArraySlice<UInt8>, ArraySlice<UInt8>, TreeItem) throws -> Void) throws {
    var index = 0
    while index < raw.count {
      guard let space = raw[index...].firstIndex(of: 0x20), let nul = raw[space...].firstIndex(of: 0), nul + 21 <= raw.count,
        let id = raw.withUnsafeBytes({ ObjectID(raw: UnsafeRawBufferPointer(rebasing: $0[(nul + 1)..<(nul + 21)])) })
      else { throw GitError(code: -1, message: "a tree object is malformed") }
      try body(raw[index..<(nul + 21)], raw[(space + 1)..<nul], TreeItem(id: id, isTree: raw[index] == UInt8(ascii: "4")))
      index = nul + 21
    }
  }
}
