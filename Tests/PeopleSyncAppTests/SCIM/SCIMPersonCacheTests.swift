import Foundation
import GitKit
import PeopleSyncCore
import Testing

@testable import PeopleSyncApp

@Suite("SCIM person cache")
struct SCIMPersonCacheTests {
  static let folder = "tenants/acme/sources/okta/Users"

  static func resource(_ name: String, active: Bool = true) -> JSONValue {
    try! JSONParser.parse(
      Array(
        #"{"userName":"\#(name)@acme.example","name":{"givenName":"Ada","familyName":"\#(name)"},"emails":[{"value":"\#(name)@acme.example","primary":true}],"active":\#(active)}"#
          .utf8))
  }

  @Test("a primed user is what reading its file gives, and is read no more")
  func primed() throws {
    let cache = SCIMPersonCache()
    let git = "/nowhere/repo.git/"
    let path = Self.folder + "/ab/abcd.json"
    let resource = Self.resource("lovelace", active: false)
    let stored = Array(JSONWriter.pretty(resource).utf8)
    cache.prime(gitDirectory: git, folder: Self.folder, path: path, stored: stored, resource: resource)
    let id = ObjectID.hashBlob(stored)
    var reads = 0
    let read: ((path: String, id: ObjectID)) throws -> SCIMPersonCache.Entry = { file in
      reads += 1
      return SCIMPersonCache.Entry(person: SCIMPeople.Person(path: file.path, resource: try JSONParser.parse(stored)), key: nil)
    }
    let key = SCIMPersonCache.key(gitDirectory: git, folder: Self.folder)
    let entries = try cache.entries(folder: key, files: [(path, id)], valid: { _ in true }, read: read)
    #expect(reads == 0)
    #expect(entries.first?.person == SCIMPeople.Person(path: path, resource: try JSONParser.parse(stored)))
    #expect(entries.first?.person?.active == false)
    // Another folder, or the same content at another path, is not served from it.
    _ = try cache.entries(folder: key + "x", files: [(path, id)], valid: { _ in true }, read: read)
    #expect(reads == 1)
    _ = try cache.entries(folder: key, files: [(Self.folder + "/ab/other.json", id)], valid: { _ in true }, read: read)
    #expect(reads == 2)
  }

  @Test("a primed entry no longer valid (its key destroyed) is read again")
  func invalid() throws {
    let cache = SCIMPersonCache()
    let path = Self.folder + "/cd/cdef.json"
    let resource = Self.resource("hopper")
    let stored = Array(JSONWriter.pretty(resource).utf8)
    cache.prime(gitDirectory: "/r/", folder: Self.folder, path: path, stored: stored, resource: resource)
    var reads = 0
    _ = try cache.entries(
      folder: SCIMPersonCache.key(gitDirectory: "/r/", folder: Self.folder), files: [(path, ObjectID.hashBlob(stored))],
      valid: { _ in false }
    ) { _ in
      reads += 1
      return SCIMPersonCache.Entry(person: nil, key: nil)
    }
    #expect(reads == 1)
  }
}
