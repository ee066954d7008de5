import CLibGit2
import PackKit

extension Repository {
  /// Points `reference` at `target` whatever it pointed at before, creating it if needed.
  public func setReference(_ reference: String, to target: ObjectID, logMessage: String) throws {
    var oid = target.raw
    var ref: OpaquePointer?
    try check(git_reference_create(&ref, pointer, reference, &oid, 1, logMessage), "setting \(reference) to \(target.short)")
    git_reference_free(ref)
  }

  /// Deletes `reference`; nothing to do when it does not exist.
  public func deleteReference(_ reference: String) throws {
    var ref: OpaquePointer?
    let rc = git_reference_lookup(&ref, pointer, reference)
    if rc == GIT_ENOTFOUND.rawValue {
      git_error_clear()
      return
    }
    try check(rc, "reading \(reference)")
    defer { git_reference_free(ref) }
    try check(git_reference_delete(ref), "deleting \(reference)")
  }

  /// The object database folder (`objects`).
  public var objectsDirectory: String {
    var buffer = git_buf()
    defer { git_buf_dispose(&buffer) }
    guard git_repository_item_path(&buffer, pointer, GIT_REPOSITORY_ITEM_OBJECTS) == 0, let text = buffer.ptr else {
      git_error_clear()
      return gitDirectory + "objects"
    }
    var path = String(cString: text)
    while path.hasSuffix("/") { path.removeLast() }
    return path
  }

  /// Writes every object reachable from `tip` but not from `excluding` as one pack (and its
  /// index) into `folder`: what another repository needs to hold `tip`.
  public func writePack(from tip: ObjectID, excluding: [ObjectID], into folder: String) throws {
    var walk: OpaquePointer?
    try check(git_revwalk_new(&walk, pointer), "starting a walk of \(tip.short)")
    defer { git_revwalk_free(walk) }
    var start = tip.raw
    try check(git_revwalk_push(walk, &start), "walking from \(tip.short)")
    for commit in excluding {
      var oid = commit.raw
      try check(git_revwalk_hide(walk, &oid), "leaving out \(commit.short)")
    }
    var builder: OpaquePointer?
    try check(git_packbuilder_new(&builder, pointer), "starting a pack")
    defer { git_packbuilder_free(builder) }
    try check(git_packbuilder_insert_walk(builder, walk), "collecting the objects of \(tip.short)")
    try check(git_packbuilder_write(builder, folder, 0, nil, nil), "writing a pack into \(folder)")
  }
}
