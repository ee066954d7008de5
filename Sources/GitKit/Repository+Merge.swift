import CLibGit2
import PackKit

/// The tree a merge would produce, or the paths it could not merge.
public enum MergeResult: Sendable, Equatable {
  case tree(ObjectID)
  case conflicts([String])
}

extension Repository {
  /// The commit both histories share most recently, if any.
  public func mergeBase(_ one: ObjectID, _ two: ObjectID) throws -> ObjectID? {
    var out = git_oid()
    var a = one.raw
    var b = two.raw
    let code = git_merge_base(&out, pointer, &a, &b)
    if code == GIT_ENOTFOUND.rawValue { return nil }
    try check(code, "finding the merge base of \(one.short) and \(two.short)")
    return ObjectID(out)
  }

  /// How many commits `local` has that `upstream` lacks, and the other way round.
  public func aheadBehind(_ local: ObjectID, _ upstream: ObjectID) throws -> (ahead: Int, behind: Int) {
    var ahead = 0
    var behind = 0
    var a = local.raw
    var b = upstream.raw
    try check(git_graph_ahead_behind(&ahead, &behind, pointer, &a, &b), "comparing \(local.short) with \(upstream.short)")
    return (ahead, behind)
  }

  /// The tree merging `head` into `base` gives, as `git merge` would, without touching any
  /// reference, index or working tree. When one contains the other the result is the newer
  /// tree; otherwise libgit2 merges the trees and the merged tree's objects are written to
  /// the object database (unreferenced, as `git merge-tree --write-tree` does).
  public func mergedTree(base: ObjectID, head: ObjectID) throws -> MergeResult {
    let common = try mergeBase(base, head)
    if common == head { return .tree(try commit(base).tree) }
    if common == base { return .tree(try commit(head).tree) }
    var ours: OpaquePointer?
    var theirs: OpaquePointer?
    var baseOID = base.raw
    var headOID = head.raw
    try check(git_commit_lookup(&ours, pointer, &baseOID), "reading commit \(base.short)")
    defer { git_commit_free(ours) }
    try check(git_commit_lookup(&theirs, pointer, &headOID), "reading commit \(head.short)")
    defer { git_commit_free(theirs) }
    var options = git_merge_options()
    try check(git_merge_options_init(&options, UInt32(GIT_MERGE_OPTIONS_VERSION)), "preparing a merge")
    var index: OpaquePointer?
    try check(git_merge_commits(&index, pointer, ours, theirs, &options), "merging \(head.short) into \(base.short)")
    defer { git_index_free(index) }
    if git_index_has_conflicts(index) != 0 {
      var iterator: OpaquePointer?
      try check(git_index_conflict_iterator_new(&iterator, index), "listing merge conflicts")
      defer { git_index_conflict_iterator_free(iterator) }
      var paths: [String] = []
      var ancestor: UnsafePointer<git_index_entry>?
      var our: UnsafePointer<git_index_entry>?
      var their: UnsafePointer<git_index_entry>?
      while git_index_conflict_next(&ancestor, &our, &their, iterator) == 0 {
        if let entry = our ?? their ?? ancestor, let path = entry.pointee.path { paths.append(String(cString: path)) }
      }
      return .conflicts(Array(Set(paths)).sorted())
    }
    var tree = git_oid()
    try check(git_index_write_tree_to(&tree, index, pointer), "writing the merged tree")
    return .tree(ObjectID(tree))
  }
}
