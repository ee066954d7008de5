import CLibGit2
import PackKit

extension Repository {
  /// Creates a commit object (without moving any reference) and returns its id.
  public func createCommit(
    tree: ObjectID, parents: [ObjectID], message: String,
    author: (name: String, email: String), time: Int64, timezoneOffsetMinutes: Int32 = 0
  ) throws -> ObjectID {
    var signature: UnsafeMutablePointer<git_signature>?
    try check(git_signature_new(&signature, author.name, author.email, time, timezoneOffsetMinutes), "making the commit signature")
    defer { git_signature_free(signature) }
    var treeOID = tree.raw
    var treeHandle: OpaquePointer?
    try check(git_tree_lookup(&treeHandle, pointer, &treeOID), "reading tree \(tree.short)")
    defer { git_tree_free(treeHandle) }
    var parentHandles: [OpaquePointer?] = []
    defer { parentHandles.forEach { git_commit_free($0) } }
    for parent in parents {
      var oid = parent.raw
      var handle: OpaquePointer?
      try check(git_commit_lookup(&handle, pointer, &oid), "reading parent commit \(parent.short)")
      parentHandles.append(handle)
    }
    var out = git_oid()
    _ = try parentHandles.withUnsafeMutableBufferPointer { buffer in
      try check(
        git_commit_create(&out, pointer, nil, signature, signature, "UTF-8", message, treeHandle, parents.count, buffer.baseAddress),
        "creating a commit"
      )
    }
    // libgit2 syncs the loose object and its `objects/xx/` folder, but not `objects/` when it had
    // to create that folder: the folder, and the commit with it, could be gone after a power loss
    // while the branch (synced next) names the commit.
    try Durability.syncDirectory(gitDirectory + "objects")
    return ObjectID(out)
  }

  /// Moves `reference` to `target` only if it still points at `expected` (nil: it must not exist yet).
  /// Throws a `GitError` whose `isConcurrentUpdate` is true when another writer got there first.
  public func updateReference(_ reference: String, to target: ObjectID, expected: ObjectID?, logMessage: String) throws {
    var newOID = target.raw
    var ref: OpaquePointer?
    if let expected {
      var current = expected.raw
      try check(
        git_reference_create_matching(&ref, pointer, reference, &newOID, 1, &current, logMessage),
        "moving \(reference) from \(expected.short) to \(target.short)"
      )
    } else {
      try check(git_reference_create(&ref, pointer, reference, &newOID, 0, logMessage), "creating \(reference)")
    }
    git_reference_free(ref)
  }
}
