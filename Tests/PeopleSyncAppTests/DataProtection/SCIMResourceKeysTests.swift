import Foundation
import PeopleSyncCore
import PeopleSyncCrypto
import TestSupport
import Testing

@testable import PeopleSyncApp

@Suite("SCIM resource keys")
struct SCIMResourceKeysTests {
  @Test("a key id per resource, keyed by the tenant's secret: stable, distinct per source, kind and tenant")
  func ids() {
    let secret = Crypto.newKey()
    let id = SCIMResourceKeys.id(secret: secret, source: "okta", kind: "Users", resource: "2819c223")
    #expect(id == SCIMResourceKeys.id(secret: secret, source: "okta", kind: "Users", resource: "2819c223"))
    #expect(id != SCIMResourceKeys.id(secret: secret, source: "okta", kind: "Groups", resource: "2819c223"))
    #expect(id != SCIMResourceKeys.id(secret: secret, source: "entra", kind: "Users", resource: "2819c223"))
    #expect(id != SCIMResourceKeys.id(secret: Crypto.newKey(), source: "okta", kind: "Users", resource: "2819c223"))
    #expect(SCIMResourceKeys.resourceID(path: "tenants/a/sources/okta/Users/28/2819c223.json") == "2819c223")
  }

  @Test("a deleted resource's key goes once the window has passed, and the deletion survives a save and a load")
  func deletion() throws {
    let folder = try TemporaryDirectory()
    let store = LocalKeystore(folder: folder.url, masterKey: Crypto.newKey())
    let keys = TenantKeys.fresh("acme")
    let kept = PersonID(1)
    let deleted = PersonID(2)
    _ = keys.personKeyCreating(kept)
    _ = keys.personKeyCreating(deleted)
    keys.markSCIMDeleted(deleted, on: Day("2026-11-29")!)
    keys.markSCIMDeleted(deleted, on: Day("2026-12-01")!)  // the first deletion counts
    try store.save(keys)
    let loaded = try #require(try store.load("acme"))
    #expect(loaded.scimDeleted == [deleted: Day("2026-11-29")!])
    #expect(loaded.expireDeletedSCIMKeys(on: Day("2026-12-05")!, window: 7) == 0)
    #expect(loaded.personKey(deleted) != nil)
    #expect(loaded.expireDeletedSCIMKeys(on: Day("2026-12-06")!, window: 7) == 1)
    #expect(loaded.personKey(deleted) == nil && loaded.erased.contains(deleted) && loaded.scimDeleted.isEmpty)
    #expect(loaded.personKey(kept) != nil)
    // A deletion that was never committed: the resource is still stored, so its key stays.
    loaded.markSCIMDeleted(kept, on: Day("2026-11-29")!)
    #expect(loaded.expireDeletedSCIMKeys(on: Day("2026-12-06")!, window: 7, keeping: { $0 == kept }) == 0)
    #expect(loaded.personKey(kept) != nil && loaded.scimDeleted.isEmpty)
  }

  @Test("keys without SCIM deletions are stored byte for byte as before; adopting keeps a held key and refuses another")
  func formatAndAdopt() throws {
    let keys = TenantKeys.fresh("acme")
    _ = keys.personKeyCreating(PersonID(7))
    let plain = KeyFileFormat.encode(keys)
    keys.markSCIMDeleted(PersonID(7), on: Day("2026-11-29")!)
    let withDeletion = KeyFileFormat.encode(keys)
    #expect(Array(withDeletion.prefix(plain.count)) == plain && withDeletion.count == plain.count + 24)
    #expect(KeyFileFormat.decode(plain, tenant: "acme")?.scimDeleted.isEmpty == true)
    #expect(KeyFileFormat.decode(Array(withDeletion.dropLast(3)), tenant: "acme") == nil, "a truncated section is damage")

    let other = TenantKeys.fresh("acme")
    let made = other.personKeyCreating(PersonID(9))
    #expect(keys.adopt(PersonID(9), made) && keys.personKey(PersonID(9)) == made)
    #expect(keys.adopt(PersonID(9), made), "the same key again")
    #expect(!keys.adopt(PersonID(7), made), "another key under a held id")
  }
}
