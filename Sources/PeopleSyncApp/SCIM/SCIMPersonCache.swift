import Foundation
import GitKit
import PeopleSyncCore

/// The few fields a sync needs of each SCIM user, by blob id: a blob never changes, so a server
/// that syncs after every batch parses only the users written since the last sync. Per folder,
/// only the users of the last read are kept. One per `AppContext` (`Caches`): the server's lives
/// as long as it serves.
final class SCIMPersonCache: @unchecked Sendable {
  /// What one stored user file gave.
  struct Entry {
    /// Nil when the file is erased: its key was destroyed when the person it stood for was purged.
    var person: SCIMPeople.Person?
    /// The key a sealed file was opened with: the entry holds only while that key does, so a user
    /// read before a purge is not served from here after it.
    var key: (id: PersonID, tag: UInt64)?
  }

  private let lock = NSLock()
  private var folders: [String: [ObjectID: Entry]] = [:]
  /// Given by the server as it writes (`prime`), taken by the first read that lists them.
  private var primed: [String: [ObjectID: Entry]] = [:]
  static let primedLimit = 200_000

  /// The cache's name for the folder of users at `folder` in the repository at `gitDirectory`.
  static func key(gitDirectory: String, folder: String) -> String { gitDirectory + ":" + folder }

  /// What the server is about to commit for one user at `path` in the folder of users `users`:
  /// `stored` is the file's content, as a sync would read it, and `resource` what it holds in
  /// clear. The entry goes by the content's blob id, so it is right whenever (and if ever) a sync
  /// reads that file, and the sync that follows a burst of creates neither reads nor parses them
  /// again. Bounded: past the limit (writes never synced, as with `--no-sync`) the folder's
  /// primed entries are dropped.
  func prime(gitDirectory: String, folder users: String, path: String, stored: [UInt8], resource: JSONValue) {
    let folder = Self.key(gitDirectory: gitDirectory, folder: users)
    let header = stored.withUnsafeBytes { SealedBlob.isSealed($0) ? SealedBlob.parse($0) : nil }
    let entry = Entry(person: SCIMPeople.Person(path: path, resource: resource), key: header.map { ($0.personID, $0.keyTag) })
    let id = ObjectID.hashBlob(stored)
    lock.withLock {
      if primed[folder, default: [:]].count >= Self.primedLimit { primed[folder] = [:] }
      primed[folder, default: [:]][id] = entry
    }
  }

  /// Drops everything kept of the repository at `gitDirectory`: after another process moved its
  /// branch, what was read may since have been erased.
  func forget(gitDirectory: String) {
    let prefix = Self.key(gitDirectory: gitDirectory, folder: "")
    lock.withLock {
      folders = folders.filter { !$0.key.hasPrefix(prefix) }
      primed = primed.filter { !$0.key.hasPrefix(prefix) }
    }
  }

  func entries(
    folder: String, files: [(path: String, id: ObjectID)], valid: (Entry) -> Bool, read: ((path: String, id: ObjectID)) throws -> Entry
  ) throws -> [Entry] {
    let (known, given) = lock.withLock { (folders[folder] ?? [:], primed[folder] ?? [:]) }
    var current: [ObjectID: Entry] = [:]
    current.reserveCapacity(files.count)
    var entries: [Entry] = []
    entries.reserveCapacity(files.count)
    var taken: [ObjectID] = []
    for file in files {
      var found = known[file.id]
      if found == nil, let entry = given[file.id] {
        found = entry
        taken.append(file.id)
      }
      let cached = found.flatMap { ($0.person == nil || $0.person?.path == file.path) && valid($0) ? $0 : nil }
      let entry = try cached ?? read(file)
      current[file.id] = entry
      entries.append(entry)
    }
    lock.withLock {
      folders[folder] = current
      for id in taken { primed[folder]?[id] = nil }
    }
    return entries
  }
}
