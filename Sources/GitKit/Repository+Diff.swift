/// A blob that differs between two trees.
public struct ChangedBlob: Sendable {
  public let path: String
  /// Nil when the blob was added.
  public let old: ObjectID?
  /// Nil when the blob was removed.
  public let new: ObjectID?
}

extension Repository {
  /// Calls `body` for every blob that differs between two trees, in git's tree order,
  /// skipping identical subtrees by id without reading them.
  public func changedBlobs(from old: ObjectID?, to new: ObjectID?, prefix: String = "", _ body: (ChangedBlob) throws -> Void) throws {
    guard old != new else { return }
    // Both trees' entries come in git's order (a tree's name sorts as if it ended in "/"): walked
    // side by side, with no table of names, only the entries that differ are looked into.
    func ordered(_ tree: ObjectID?) throws -> [(key: String, entry: TreeEntry)] {
      try tree.map { try entries(of: $0).map { ($0.kind == .tree ? $0.name + "/" : $0.name, $0) } } ?? []
    }
    let before = try ordered(old)
    let after = try ordered(new)
    var (i, j) = (0, 0)
    while i < before.count || j < after.count {
      var pair: (before: TreeEntry?, after: TreeEntry?)
      if i < before.count, j < after.count, before[i].key == after[j].key {
        pair = (before[i].entry, after[j].entry)
        (i, j) = (i + 1, j + 1)
      } else if i < before.count, j == after.count || before[i].key < after[j].key {
        pair = (before[i].entry, nil)
        i += 1
      } else {
        pair = (nil, after[j].entry)
        j += 1
      }
      guard pair.before?.id != pair.after?.id || pair.before?.kind != pair.after?.kind else { continue }
      let name = (pair.before ?? pair.after)!.name
      let path = prefix.isEmpty ? name : "\(prefix)/\(name)"
      let oldTree = pair.before?.kind == .tree ? pair.before?.id : nil
      let newTree = pair.after?.kind == .tree ? pair.after?.id : nil
      if oldTree != nil || newTree != nil { try changedBlobs(from: oldTree, to: newTree, prefix: path, body) }
      let oldBlob = pair.before?.kind == .blob ? pair.before?.id : nil
      let newBlob = pair.after?.kind == .blob ? pair.after?.id : nil
      if oldBlob != nil || newBlob != nil { try body(ChangedBlob(path: path, old: oldBlob, new: newBlob)) }
    }
  }
}
