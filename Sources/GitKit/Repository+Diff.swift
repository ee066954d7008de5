/// A blob that differs between two trees.
public struct ChangedBlob: Sendable {
  public let path: String
  /// Nil when the blob was added.
  public let old: ObjectID?
  /// Nil when the blob was removed.
  public let new: ObjectID?
}

extension Repository {
  /// Calls `body` for every blob that differs between two trees, in path order,
  /// skipping identical subtrees by id without reading them.
  public func changedBlobs(from old: ObjectID?, to new: ObjectID?, prefix: String = "", _ body: (ChangedBlob) throws -> Void) throws {
    guard old != new else { return }
    let oldEntries = try old.map { try entries(of: $0) } ?? []
    let newEntries = try new.map { try entries(of: $0) } ?? []
    let oldByName = Dictionary(oldEntries.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    let newByName = Dictionary(newEntries.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    for name in Set(oldByName.keys).union(newByName.keys).sorted() {
      let before = oldByName[name]
      let after = newByName[name]
      guard before?.id != after?.id || before?.kind != after?.kind else { continue }
      let path = prefix.isEmpty ? name : "\(prefix)/\(name)"
      let oldTree = before?.kind == .tree ? before?.id : nil
      let newTree = after?.kind == .tree ? after?.id : nil
      if oldTree != nil || newTree != nil { try changedBlobs(from: oldTree, to: newTree, prefix: path, body) }
      let oldBlob = before?.kind == .blob ? before?.id : nil
      let newBlob = after?.kind == .blob ? after?.id : nil
      if oldBlob != nil || newBlob != nil { try body(ChangedBlob(path: path, old: oldBlob, new: newBlob)) }
    }
  }
}
