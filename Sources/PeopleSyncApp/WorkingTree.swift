import Foundation
import GitKit

/// Keeps a checked-out working tree in step with the commits the tool makes.
///
/// The tool never reads the working tree. But in a clone where the branch is checked out (as CI's
/// checkout makes it), leaving it behind would make `git status` show every sync as a reverse
/// change. So after each commit, exactly the files it changed are written (or removed) and their
/// index entries set, in proportion to the change and never by scanning the tree; a file a user
/// edited is left alone. A journal (`<git dir>/peoplesync/worktree`, the two trees) is written
/// before the commit is published and removed once the files follow: a command killed in between
/// leaves it, and the next one (any sync) finishes the update first.
enum WorkingTree {
  /// How many first-parent commits back a journal's commit is looked for.
  static let journalDepth = 50

  static func journal(_ repository: Repository) -> URL {
    URL(fileURLWithPath: repository.gitDirectory).appendingPathComponent("peoplesync/worktree")
  }

  /// True when `branch` is checked out in a working tree that commits should update.
  static func follows(_ repository: Repository, branch: String) -> Bool {
    !repository.isBare && (try? repository.headBranch()) == branch
  }

  /// Before a commit moving the tree from `old` to `new` is published: notes both, so that the
  /// files follow even if this command is killed once it is.
  static func expect(_ repository: Repository, branch: String, from old: ObjectID?, to new: ObjectID) {
    guard follows(repository, branch: branch), let old else { return }
    let file = journal(repository)
    try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? Data("\(old.hex) \(new.hex)\n".utf8).write(to: file)
  }

  /// Starts reading the index in the background, for a command about to plan a commit whose files
  /// will follow; a sync that finds nothing to do never reads it.
  static func preload(_ repository: Repository, branch: String) {
    guard follows(repository, branch: branch) else { return }
    repository.preloadIndex()
  }

  /// Once the commit is published (after `expect`): brings the files from `old` to `new`, then
  /// drops the journal.
  static func follow(_ repository: Repository, branch: String, from old: ObjectID?, to new: ObjectID) {
    guard follows(repository, branch: branch), let old else { return }
    update(repository, from: old, to: new)
  }

  /// A commit published but whose files did not follow (the command was killed): they follow now.
  /// A journal whose commit never reached the branch (it lost the race) is dropped. Every command
  /// that commits calls it first. With `preload`, the index is then read in the background, for
  /// the files of this command's commit (`sync` waits until it knows it will plan: `preload`).
  static func repair(_ repository: Repository, branch: String, preload: Bool = true) {
    guard follows(repository, branch: branch) else { return }
    defer { if preload { repository.preloadIndex() } }
    let file = journal(repository)
    guard let text = try? String(contentsOf: file, encoding: .utf8) else { return }
    let trees = text.split(whereSeparator: \.isWhitespace).compactMap { ObjectID(hex: String($0)) }
    guard trees.count == 2, (try? published(trees[1], repository: repository, branch: branch)) == true else {
      try? FileManager.default.removeItem(at: file)
      return
    }
    update(repository, from: trees[0], to: trees[1])
  }

  /// Best effort: the commit has landed; files that cannot follow are left for the next command.
  private static func update(_ repository: Repository, from old: ObjectID, to new: ObjectID) {
    do {
      var changes: [ChangedBlob] = []
      try PhaseTimer.measure("list what the commit changed (working tree)") {
        try repository.changedBlobs(from: old, to: new) { changes.append($0) }
      }
      _ = try PhaseTimer.measure("update \(changes.count) working files") { try repository.updateWorkingFiles(changes) }
      try? FileManager.default.removeItem(at: journal(repository))
    } catch {
      // The journal stays: the next sync tries again.
    }
  }

  /// True when tree `tree` is that of one of the branch's recent first-parent commits.
  private static func published(_ tree: ObjectID, repository: Repository, branch: String) throws -> Bool {
    guard let head = try repository.referenceTarget(branch) else { return false }
    var found = false
    var seen = 0
    try repository.firstParentHistory(from: head) { id in
      seen += 1
      found = try repository.commit(id).tree == tree
      return !found && seen < journalDepth
    }
    return found
  }
}
