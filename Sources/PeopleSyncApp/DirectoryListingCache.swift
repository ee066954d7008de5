import Foundation
import GitKit
import PeopleSyncCore

/// What listing a directory found in each of its small trees (`people/ab/cd/`), by tree id and
/// place: a tree never changes, so a long-running server that syncs after every batch of SCIM
/// writes reads only the trees changed since its last sync, not all 65,536 of a large tenant.
///
/// Off unless `keep()` was called (the SCIM server does, on the cache of its `AppContext`): a
/// one-shot sync would fill it for nothing.
/// Per directory, only the trees of the last listing are kept.
final class DirectoryListingCache: @unchecked Sendable {
  /// A small tree at its place: the same tree elsewhere would hold strays, not entries.
  struct Key: Hashable {
    let tree: ObjectID
    let shard: UInt32
  }

  typealias Trees = [Key: [(PersonID, ObjectID)]]

  private let lock = NSLock()
  private var kept = false
  private var directories: [String: Trees] = [:]

  /// Keeps listings from now on.
  func keep() { lock.withLock { kept = true } }

  /// The trees of the directory's last listing; nil when listings are not kept.
  func trees(_ directory: String) -> Trees? { lock.withLock { kept ? directories[directory] ?? [:] : nil } }

  /// Replaces the directory's trees with those of the listing just made.
  func store(_ directory: String, _ trees: Trees) { lock.withLock { if kept { directories[directory] = trees } } }
}
