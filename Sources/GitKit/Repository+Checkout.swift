import CLibGit2
import Foundation

extension Repository {
  /// Brings the working tree and index from `baseline` to `tree` for `paths` (all paths when nil),
  /// touching only files that still match `baseline`: a user's uncommitted edits are never overwritten.
  public func checkoutSafely(tree: ObjectID, baseline: ObjectID, paths: [String]?) throws {
    var options = git_checkout_options()
    git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION))
    options.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue | GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH.rawValue
    var baseOID = baseline.raw
    var baseTree: OpaquePointer?
    try check(git_tree_lookup(&baseTree, pointer, &baseOID), "reading tree \(baseline.short)")
    defer { git_tree_free(baseTree) }
    options.baseline = baseTree
    var targetOID = tree.raw
    var target: OpaquePointer?
    try check(git_object_lookup(&target, pointer, &targetOID, GIT_OBJECT_TREE), "reading tree \(tree.short)")
    defer { git_object_free(target) }
    let cStrings: [UnsafeMutablePointer<CChar>] = (paths ?? []).map { strdup($0)! }
    defer { cStrings.forEach { free($0) } }
    var pointers = cStrings.map { UnsafeMutablePointer<CChar>?($0) }
    try pointers.withUnsafeMutableBufferPointer { buffer in
      if paths != nil {
        options.paths = git_strarray(strings: buffer.baseAddress, count: buffer.count)
      }
      try check(git_checkout_tree(pointer, target, &options), "updating the working tree")
    }
  }
}
