import GitKit
import PeopleSyncCore

/// Writes changed entries into a tenant's `directory/people` tree, two shard levels deep.
///
/// Entry names are fixed-length hex, so within a shard git's order is the id order:
/// each changed leaf folder is one sorted merge, without strings or dictionaries per entry.
struct PeopleTreeWriter {
  let repository: Repository
  let writer: ObjectWriter
  /// Where the people tree is (`DirectoryEntry.peopleFolder`): trees are written for their paths,
  /// so a server's writer keeps the last version of each and the next sync edits it from memory.
  let folder: String

  /// Applies `entries` (id → new blob) to `base` (the current people tree) and returns the new tree.
  func write(base: ObjectID?, entries: [(id: PersonID, blob: ObjectID)]) throws -> ObjectID {
    let updates = entries.sorted { $0.id < $1.id }
    let baseTop = try children(of: base)
    var top = baseTop
    var start = 0
    while start < updates.count {
      let first = shard(updates[start].id, level: 0)
      var end = start
      while end < updates.count, shard(updates[end].id, level: 0) == first { end += 1 }
      let name = hex(first)
      let midPath = folder + "/" + String(decoding: name, as: UTF8.self)
      let baseMid = try children(of: top[name].flatMap { $0.isTree ? $0.id : nil })
      var mid = baseMid
      var midStart = start
      while midStart < end {
        let second = shard(updates[midStart].id, level: 1)
        var midEnd = midStart
        while midEnd < end, shard(updates[midEnd].id, level: 1) == second { midEnd += 1 }
        let leafName = hex(second)
        let leaf = try writeLeaf(
          base: mid[leafName].flatMap { $0.isTree ? $0.id : nil }, updates: updates[midStart..<midEnd],
          path: midPath + "/" + String(decoding: leafName, as: UTF8.self))
        mid[leafName] = TreeItem(id: leaf, isTree: true)
        midStart = midEnd
      }
      top[name] = TreeItem(id: try writeTree(mid, path: midPath), isTree: true)
      start = end
    }
    return try writeTree(top, path: folder)
  }

  private func shard(_ id: PersonID, level: Int) -> UInt8 { UInt8(truncatingIfNeeded: id.value >> (level == 0 ? 56 : 48)) }

  private func hex(_ byte: UInt8) -> [UInt8] {
    let digits: [UInt8] = Array("0123456789abcdef".utf8)
    return [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]]
  }

  private func children(of tree: ObjectID?) throws -> [[UInt8]: TreeItem] {
    guard let tree else { return [:] }
    var result: [[UInt8]: TreeItem] = [:]
    try repository.forEachEntryInRawTree(tree) { isTree, name, id in
      result[Array(name)] = TreeItem(id: id, isTree: isTree)
    }
    return result
  }

  private func writeTree(_ items: [[UInt8]: TreeItem], path: String) throws -> ObjectID {
    try writer.write(TreeItem.serialize(items.map { ($0.key, $0.value) }), type: .tree, path: path)
  }

  /// Merges sorted updates into a leaf folder's sorted entries.
  private func writeLeaf(base: ObjectID?, updates: ArraySlice<(id: PersonID, blob: ObjectID)>, path: String) throws -> ObjectID {
    var existing: [(name: [UInt8], item: TreeItem)] = []
    if let base {
      try repository.forEachEntryInRawTree(base) { isTree, name, id in
        existing.append((Array(name), TreeItem(id: id, isTree: isTree)))
      }
    }
    var merged = existing
    var byName: [[UInt8]: Int] = [:]
    for (index, entry) in existing.enumerated() { byName[entry.name] = index }
    for update in updates {
      let name = update.id.hexBytes + Array(".json".utf8)
      let item = TreeItem(id: update.blob, isTree: false)
      if let index = byName[name] { merged[index].item = item } else { merged.append((name, item)) }
    }
    return try writer.write(TreeItem.serialize(merged), type: .tree, path: path)
  }
}
