import CLibGit2
import Foundation
import PackKit

/// What a tree entry points at.
public enum EntryKind: Sendable, Equatable {
  case blob
  case tree
  case other
}

/// One entry of a git tree.
public struct TreeEntry: Sendable, Equatable {
  public let name: String
  public let id: ObjectID
  public let kind: EntryKind
}

/// A commit's parsed metadata.
public struct CommitInfo: Sendable {
  public let id: ObjectID
  public let tree: ObjectID
  public let parents: [ObjectID]
  public let message: String
  public let authorName: String
  public let authorEmail: String
  /// Seconds since the epoch, as recorded by the committer.
  public let time: Int64

  /// The first line of the message.
  public var subject: String { String(message.prefix { $0 != "\n" }) }
}

extension Repository {
  /// Reads a commit's tree, parents and message.
  public func commit(_ id: ObjectID) throws -> CommitInfo {
    var oid = id.raw
    var commit: OpaquePointer?
    try check(git_commit_lookup(&commit, pointer, &oid), "reading commit \(id.short)")
    defer { git_commit_free(commit) }
    let parents = (0..<git_commit_parentcount(commit)).map { ObjectID(git_commit_parent_id(commit, $0)) }
    let author = git_commit_author(commit)!.pointee
    return CommitInfo(
      id: id,
      tree: ObjectID(git_commit_tree_id(commit)),
      parents: parents,
      message: String(cString: git_commit_message(commit)),
      authorName: String(cString: author.name),
      authorEmail: String(cString: author.email),
      time: git_commit_time(commit)
    )
  }

  /// The entry at `path` (slash-separated) under `tree`, or nil when there is none.
  public func entry(in tree: ObjectID, path: String) throws -> TreeEntry? {
    var oid = tree.raw
    var root: OpaquePointer?
    try check(git_tree_lookup(&root, pointer, &oid), "reading tree \(tree.short)")
    defer { git_tree_free(root) }
    var entry: OpaquePointer?
    let rc = git_tree_entry_bypath(&entry, root, path)
    if rc == GIT_ENOTFOUND.rawValue {
      git_error_clear()
      return nil
    }
    try check(rc, "looking up \(path) in tree \(tree.short)")
    defer { git_tree_entry_free(entry) }
    return makeEntry(entry!)
  }

  /// The entries of one tree, in git's order.
  public func entries(of tree: ObjectID) throws -> [TreeEntry] {
    var result: [TreeEntry] = []
    try forEachEntry(of: tree) { result.append($0) }
    return result
  }

  /// Calls `body` for each entry of one tree without collecting them.
  public func forEachEntry(of tree: ObjectID, _ body: (TreeEntry) throws -> Void) throws {
    var oid = tree.raw
    var handle: OpaquePointer?
    try check(git_tree_lookup(&handle, pointer, &oid), "reading tree \(tree.short)")
    defer { git_tree_free(handle) }
    let count = git_tree_entrycount(handle)
    for index in 0..<count {
      try body(makeEntry(git_tree_entry_byindex(handle, index)))
    }
  }

  private func makeEntry(_ entry: OpaquePointer) -> TreeEntry {
    let kind: EntryKind
    switch git_tree_entry_type(entry) {
    case GIT_OBJECT_BLOB: kind = .blob
    case GIT_OBJECT_TREE: kind = .tree
    default: kind = .other
    }
    return TreeEntry(name: String(cString: git_tree_entry_name(entry)), id: ObjectID(git_tree_entry_id(entry)), kind: kind)
  }

  /// The contents of a blob.
  public func blob(_ id: ObjectID) throws -> [UInt8] {
    try withBlob(id) { Array($0) }
  }

  /// Lends a blob's contents to `body` without copying them.
  public func withBlob<T>(_ id: ObjectID, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
    var oid = id.raw
    var blob: OpaquePointer?
    try check(git_blob_lookup(&blob, pointer, &oid), "reading blob \(id.short)")
    defer { git_blob_free(blob) }
    let size = Int(git_blob_rawsize(blob))
    return try body(UnsafeRawBufferPointer(start: git_blob_rawcontent(blob), count: size))
  }

  /// Walks commits reachable from `start`, newest first, following first parents only.
  public func firstParentHistory(from start: ObjectID, _ body: (ObjectID) throws -> Bool) throws {
    var walk: OpaquePointer?
    try check(git_revwalk_new(&walk, pointer), "starting a history walk")
    defer { git_revwalk_free(walk) }
    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue)
    try check(git_revwalk_simplify_first_parent(walk), "walking first parents")
    var oid = start.raw
    try check(git_revwalk_push(walk, &oid), "walking history from \(start.short)")
    var next = git_oid()
    while true {
      let rc = git_revwalk_next(&next, walk)
      if rc == GIT_ITEROVER.rawValue {
        git_error_clear()
        return
      }
      try check(rc, "walking history")
      guard try body(ObjectID(next)) else { return }
    }
  }
}

extension Repository {
  /// Calls `body` with each entry's name bytes, id and kind, without making strings:
  /// the directory listing visits a million entries this way.
  public func forEachRawEntry(of tree: ObjectID, _ body: (UnsafeBufferPointer<UInt8>, ObjectID, EntryKind) throws -> Void) throws {
    var oid = tree.raw
    var handle: OpaquePointer?
    try check(git_tree_lookup(&handle, pointer, &oid), "reading tree \(tree.short)")
    defer { git_tree_free(handle) }
    for index in 0..<git_tree_entrycount(handle) {
      let entry = git_tree_entry_byindex(handle, index)
      let name = git_tree_entry_name(entry)!
      let kind: EntryKind
      switch git_tree_entry_type(entry) {
      case GIT_OBJECT_BLOB: kind = .blob
      case GIT_OBJECT_TREE: kind = .tree
      default: kind = .other
      }
      try name.withMemoryRebound(to: UInt8.self, capacity: 1) { bytes in
        try body(UnsafeBufferPointer(start: bytes, count: strlen(name)), ObjectID(git_tree_entry_id(entry)), kind)
      }
    }
  }
}

extension Repository {
  /// A tree object's bytes as stored ("<mode> <name>\0<20-byte id>" per entry, in git's order).
  public func rawTree(_ tree: ObjectID) throws -> [UInt8] { try withRawTree(tree) { Array($0) } }

  /// Lends a tree object's bytes, read straight from the object database (libgit2 neither builds
  /// entry structures nor caches the tree).
  ///
  /// A handle writing into a stack of small packs reads the trees written there lately from the
  /// stack's memory: libgit2 would look for each in the packs it knows, then as a loose file, then
  /// list the pack folder again.
  func withRawTree<T>(_ tree: ObjectID, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) throws -> T {
    if let known = smallWrites?.recentTree(tree) { return try known.withUnsafeBufferPointer(body) }
    var odb: OpaquePointer?
    try check(git_repository_odb(&odb, pointer), "opening the object database")
    defer { git_odb_free(odb) }
    var oid = tree.raw
    var object: OpaquePointer?
    try check(git_odb_read(&object, odb, &oid), "reading tree \(tree.short)")
    defer { git_odb_object_free(object) }
    guard git_odb_object_type(object) == GIT_OBJECT_TREE else { throw GitError(code: -1, message: "\(tree.short) is not a tree") }
    let size = git_odb_object_size(object)
    return try body(UnsafeBufferPointer(start: git_odb_object_data(object)?.assumingMemoryBound(to: UInt8.self), count: size))
  }

  /// Walks a tree's entries from its raw bytes (`withRawTree`): how a million-entry directory is
  /// listed. `body` gets each entry's mode, name bytes and id.
  public func forEachEntryInRawTree(
    _ tree: ObjectID, _ body: (_ isTree: Bool, _ name: UnsafeBufferPointer<UInt8>, _ id: ObjectID) throws -> Void
  ) throws {
    try withRawTree(tree) { bytes in
      let size = bytes.count
      var index = 0
      while index < size {
        // "<octal mode> <name>\0<20-byte id>"
        let isTree = bytes[index] == UInt8(ascii: "4")
        guard let space = bytes[index...].firstIndex(of: 0x20), let nul = bytes[space...].firstIndex(of: 0), nul + 21 <= size else {
          throw GitError(code: -1, message: "tree \(tree.short) is malformed")
        }
        var raw = git_oid()
        withUnsafeMutableBytes(of: &raw.id) {
          $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[(nul + 1)..<(nul + 21)]))
        }
        try body(isTree, UnsafeBufferPointer(rebasing: bytes[(space + 1)..<nul]), ObjectID(raw))
        index = nul + 21
      }
    }
  }
}

extension Repository {
  /// The id of the tree at `path` (folders separated by "/") under `tree`, read as
  /// `forEachEntryInRawTree` reads, so a writer's recent trees come from its memory; nil when there
  /// is no such tree.
  public func subtree(of tree: ObjectID, at path: String) throws -> ObjectID? {
    var current = tree
    for component in path.split(separator: "/") {
      let name = Array(component.utf8)
      var found: ObjectID?
      try forEachEntryInRawTree(current) { isTree, entryName, id in
        if found == nil, isTree, entryName.elementsEqual(name) { found = id }
      }
      guard let found else { return nil }
      current = found
    }
    return current
  }
}
