import Foundation
import PeopleSyncCore
import PeopleSyncCrypto
import TestSupport
import Testing

@testable import PeopleSyncApp

@Suite("Keystore")
struct KeystoreTests {
  func sampleKeys() -> TenantKeys {
    let keys = TenantKeys.fresh("acme")
    for value in 1...500 { _ = keys.personKeyCreating(PersonID(UInt64(value) &* 0x9E37_79B9_7F4A_7C15)) }
    keys.destroyPerson(PersonID(2 &* 0x9E37_79B9_7F4A_7C15))
    _ = keys.newSnapshotKey(source: "hr", on: Day("2026-11-29")!)
    return keys
  }

  @Test("keys survive a save and a load, erased people included")
  func roundTrip() throws {
    let folder = try TemporaryDirectory()
    let master = Crypto.newKey()
    let store = LocalKeystore(folder: folder.url, masterKey: master)
    let keys = sampleKeys()
    try store.save(keys)
    #expect(!keys.changed)
    let loaded = try #require(try store.load("acme"))
    #expect(loaded.secret == keys.secret)
    #expect(loaded.persons.count == 499)
    #expect(loaded.erased == [PersonID(2 &* 0x9E37_79B9_7F4A_7C15)])
    #expect(loaded.personKey(PersonID(1 &* 0x9E37_79B9_7F4A_7C15)) == keys.personKey(PersonID(1 &* 0x9E37_79B9_7F4A_7C15)))
    #expect(loaded.personKey(PersonID(1 &* 0x9E37_79B9_7F4A_7C15))?.tag == keys.personKey(PersonID(1 &* 0x9E37_79B9_7F4A_7C15))?.tag)
    #expect(loaded.snapshots == keys.snapshots)
    #expect(try store.load("other") == nil)
    let attributes = try FileManager.default.attributesOfItem(atPath: store.file("acme").path)
    #expect((attributes[.posixPermissions] as? Int) == 0o600)
  }

  @Test("purges in flight survive a save and a load, with and without SCIM deletions; completing one destroys its keys")
  func pendingPurgesRoundTrip() throws {
    let folder = try TemporaryDirectory()
    let store = LocalKeystore(folder: folder.url, masterKey: Crypto.newKey())
    let (person, user) = (PersonID(1 &* 0x9E37_79B9_7F4A_7C15), PersonID(3 &* 0x9E37_79B9_7F4A_7C15))
    for deletions in [false, true] {
      let keys = sampleKeys()
      if deletions { keys.markSCIMDeleted(PersonID(4 &* 0x9E37_79B9_7F4A_7C15), on: Day("2026-11-30")!) }
      keys.schedulePurge(person, with: [user])
      try store.save(keys)
      let loaded = try #require(try store.load("acme"))
      #expect(loaded.pendingPurges == [person: [user]])
      #expect(loaded.scimDeleted == keys.scimDeleted)
      #expect(loaded.personKey(person) != nil && loaded.personKey(user) != nil, "scheduled is not destroyed")
      loaded.completePurge(person)
      #expect(loaded.personKey(person) == nil && loaded.personKey(user) == nil && loaded.erased.isSuperset(of: [person, user]))
      try store.save(loaded)
      #expect(try #require(try store.load("acme")).pendingPurges.isEmpty)
    }
  }

  @Test("a wrong master key, a truncated file and a modified file are refused, and said so")
  func damage() throws {
    let folder = try TemporaryDirectory()
    let store = LocalKeystore(folder: folder.url, masterKey: Crypto.newKey())
    try store.save(sampleKeys())
    let wrong = LocalKeystore(folder: folder.url, masterKey: Crypto.newKey())
    #expect { try wrong.load("acme") } throws: { "\($0)".contains("master key does not open") }
    let file = store.file("acme")
    let bytes = try Data(contentsOf: file)
    try bytes.prefix(bytes.count - 100).write(to: file)
    #expect { try store.load("acme") } throws: { "\($0)".contains("damaged") }
    var modified = bytes
    modified[modified.count - 50] ^= 0xFF
    try modified.write(to: file)
    #expect { try store.load("acme") } throws: { "\($0)".contains("damaged") }
  }

  @Test("rotating the master key re-seals every tenant; the old key no longer opens them")
  func rotation() throws {
    let folder = try TemporaryDirectory()
    let old = Crypto.newKey()
    let new = Crypto.newKey()
    let store = LocalKeystore(folder: folder.url, masterKey: old)
    try store.save(sampleKeys())
    try store.save(TenantKeys.fresh("globex"))
    #expect(try store.rotate(to: new) == 2)
    #expect(try store.rotate(to: new) == 0, "an interrupted rotation can run again")
    #expect(try LocalKeystore(folder: folder.url, masterKey: new).load("acme")?.persons.count == 499)
    #expect { try store.load("acme") } throws: { "\($0)".contains("master key does not open") }
  }
}

@Suite("Encrypting codec")
struct EncryptingCodecTests {
  let entry = EntryFormat.encode(
    DirectoryEntry(
      id: PersonID(42), status: .active, person: PersonFields(fullName: "Ada Lovelace", email: "ada@acme.example", employeeId: "A1"),
      source: "hr"))

  @Test("an entry seals deterministically, opens again, and hides its content")
  func deterministic() throws {
    let keys = TenantKeys.fresh("acme")
    let codec = EncryptingCodec(keys: keys, today: Day("2026-11-29")!)
    let one = try codec.encode(entry, kind: .entry(tenant: "acme", id: PersonID(42)))
    let two = try codec.encode(entry, kind: .entry(tenant: "acme", id: PersonID(42)))
    #expect(one == two, "unchanged entries keep their blob")
    #expect(codec.encodeForComparison(entry, kind: .entry(tenant: "acme", id: PersonID(42))) == one)
    #expect(try codec.decode(one, kind: .entry(tenant: "acme", id: PersonID(42))) == entry)
    #expect(!String(decoding: one, as: UTF8.self).contains("Ada") && !String(decoding: one, as: UTF8.self).contains("ada@"))
    var other = entry
    other[other.count - 3] = UInt8(ascii: "x")
    #expect(try codec.encode(other, kind: .entry(tenant: "acme", id: PersonID(42))) != one)
  }

  @Test("purged entries stay as they are; snapshots get a key each")
  func purgedAndSnapshots() throws {
    let keys = TenantKeys.fresh("acme")
    let codec = EncryptingCodec(keys: keys, today: Day("2026-11-29")!)
    let purged = EntryFormat.encode(.purged(PersonID(42)))
    #expect(try codec.encode(purged, kind: .entry(tenant: "acme", id: PersonID(42))) == purged)
    #expect(keys.persons.count == 0)
    let csv = Array("Full Name,Email\nAda,ada@acme.example\n".utf8)
    let a = try codec.encode(csv, kind: .snapshot(tenant: "acme", source: "hr"))
    let b = try codec.encode(csv, kind: .snapshot(tenant: "acme", source: "hr"))
    #expect(a != b && keys.snapshots.count == 2)
    #expect(try codec.decode(a, kind: .snapshot(tenant: "acme", source: "hr")) == csv)
  }

  @Test("a destroyed key reads as erased; a missing key and a modified blob are errors")
  func erasedMissingDamaged() throws {
    let keys = TenantKeys.fresh("acme")
    let codec = EncryptingCodec(keys: keys, today: Day("2026-11-29")!)
    let sealed = try codec.encode(entry, kind: .entry(tenant: "acme", id: PersonID(42)))
    var tampered = sealed
    tampered[tampered.count - 1] ^= 1
    #expect { try codec.decode(tampered, kind: .entry(tenant: "acme", id: PersonID(42))) } throws: { "\($0)".contains("damaged") }
    let stranger = EncryptingCodec(keys: TenantKeys.fresh("acme"), today: Day("2026-11-29")!)
    #expect { try stranger.decode(sealed, kind: .entry(tenant: "acme", id: PersonID(42))) } throws: { "\($0)".contains("no key") }
    keys.destroyPerson(PersonID(42))
    #expect { try codec.decode(sealed, kind: .entry(tenant: "acme", id: PersonID(42))) } throws: { "\($0)".contains("erased") }
  }
}
