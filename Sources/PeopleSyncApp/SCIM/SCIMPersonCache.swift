import Foundation
import GitKit
import PeopleSyncCore

/// The few fields a sync needs of each SCIM user, by blob id: a blob never changes, so a server
/// that syncs after every batch parses only the users written since the last sync. Per folder,
/// only the users of the last read are kept.
final class SCIMPersonCache: @unchecked Sendable {
  /// What one stored user file gave.
  struct Entry {
    /// Nil when the file is erased: its key was destroyed when the person it stood for was purged.
    var person: SCIMPeople.Person?
    /// The key a sealed file was opened with: the entry holds only while that key does, so a user
    /// read before a purge is not served from here after it.
    var key: (id: PersonID, tag: UInt64)?
  }

  static let shared = SCIMPersonCache()
  private let lock = NSLock()
  private var folders: [String: [ObjectID: Entry]] = [:]

  func entries(
    folder: String, files: [(path: String, id: ObjectID)], valid: (Entry) -> Bool, read: ((path: String, id: ObjectID)) throws -> Entry
  ) throws -> [Entry] {
    let known = lock.withLock { folders[folder] ?? [:] }
    var current: [ObjectID: Entry] = [:]
    current.reserveCapacity(files.count)
    var entries: [Entry] = []
    entries.reserveCapacity(files.count)
    for file in files {
      let cached = known[file.id].flatMap { ($0.person == nil || $0.person?.path == file.path) && valid($0) ? $0 : nil }
      let entry = try cached ?? read(file)
      current[file.id] = entry
      entries.append(entry)
    }
    lock.withLock { folders[folder] = current }
    return entries
  }
}
