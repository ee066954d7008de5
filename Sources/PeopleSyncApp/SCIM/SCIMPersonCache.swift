import Foundation
import GitKit
import PeopleSyncCore

/// The few fields a sync needs of each SCIM user, by blob id: a blob never changes, so a server
/// that syncs after every batch parses only the users written since the last sync. Per folder,
/// only the users of the last read are kept.
final class SCIMPersonCache: @unchecked Sendable {
  static let shared = SCIMPersonCache()
  private let lock = NSLock()
  private var folders: [String: [ObjectID: SCIMPeople.Person]] = [:]

  func people(
    folder: String, files: [(path: String, id: ObjectID)], read: ((path: String, id: ObjectID)) throws -> SCIMPeople.Person
  ) throws -> [SCIMPeople.Person] {
    let known = lock.withLock { folders[folder] ?? [:] }
    var current: [ObjectID: SCIMPeople.Person] = [:]
    current.reserveCapacity(files.count)
    var people: [SCIMPeople.Person] = []
    people.reserveCapacity(files.count)
    for file in files {
      let person = try known[file.id].flatMap { $0.path == file.path ? $0 : nil } ?? read(file)
      current[file.id] = person
      people.append(person)
    }
    lock.withLock { folders[folder] = current }
    return people
  }
}
