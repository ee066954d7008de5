import GitKit

/// Keeps a checked-out working tree in step with the commits the tool makes.
///
/// The tool never reads the working tree. But in a clone where the branch is checked
/// out, leaving it behind would make `git status` show every sync as a reverse change,
/// so files that still match the previous commit are updated, and nothing else.
enum WorkingTree {
  /// Above this many paths one unrestricted checkout is cheaper than a path list.
  static let pathLimit = 5000

  /// `paths` nil: every path.
  static func follow(_ repository: Repository, branch: String, from old: ObjectID?, to new: ObjectID, paths: [String]?) {
    guard !repository.isBare, let old, (try? repository.headBranch()) == branch else { return }
    // Best effort: the commit has landed; a working tree that cannot follow is the user's to refresh.
    try? repository.checkoutSafely(tree: new, baseline: old, paths: (paths?.count ?? Int.max) > pathLimit ? nil : paths)
  }
}
