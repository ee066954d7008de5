import CLibGit2
import Foundation
import PackKit

extension Remote {
  /// Pushes to a bare repository on this machine with a compare-and-swap on its branch.
  ///
  /// libgit2's own local transport overwrites the remote's reference with whatever it holds at
  /// that moment (no check of the value it advertised), so two processes pushing at once could
  /// each believe they won. Here the objects are written into the remote's object database as a
  /// pack first, then the branch moves only if it still points at `expected`. Like libgit2's
  /// local transport, and unlike git's, this runs none of the remote's hooks.
  func pushLocally(_ commit: ObjectID, to branch: String, expected: ObjectID?, path: String) throws -> PushResult {
    let target = try Repository.open(at: path, search: false)
    guard target.isBare else { throw RemoteError.notBare(path) }
    let current = try target.referenceTarget(branch)
    guard current == expected else {
      return .rejected(
        reason: "\(branch) is at \(current?.short ?? "nothing") on the remote, not at \(expected?.short ?? "nothing") as fetched")
    }
    try repository.writePack(from: commit, excluding: [expected].compactMap { $0 }, into: target.objectsDirectory + "/pack")
    do {
      try target.updateReference(branch, to: commit, expected: expected, logMessage: "push")
    } catch let error as GitError where error.isConcurrentUpdate {
      return .rejected(reason: "\(branch) moved on the remote while the push was written")
    }
    if let tracking = trackingReference(for: branch) {
      try repository.setReference(tracking, to: commit, logMessage: "update by push")
    }
    return .pushed
  }
}
