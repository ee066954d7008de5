import PeopleSyncCore
import PeopleSyncCrypto

/// One tenant's keys, in memory: the secret person ids are derived from, a key per person,
/// a key per snapshot, and what has been erased. Changed here, persisted by the keystore.
package final class TenantKeys: @unchecked Sendable {
  /// The tenant's id.
  package let tenant: String
  /// Keys person ids: without it an id cannot be linked back to an email or Employee ID.
  let secret: [UInt8]
  private(set) var persons: PersonTable<Key32>
  /// People whose key was destroyed at purge: their history reads as "erased".
  private(set) var erased: Set<PersonID>
  private(set) var snapshots: [[UInt8]: SnapshotKey]
  /// Snapshot keys destroyed after the replay window.
  private(set) var erasedSnapshots: Set<[UInt8]>
  /// Keys of deleted SCIM resources, with the day of the deletion: destroyed after the replay window.
  private(set) var scimDeleted: [PersonID: Day]
  /// People a sync is purging, with the keys of the SCIM users they stood for: destroyed once the
  /// branch holds their purged entry (`Shredding.settle`), never before, so a sync that loses the
  /// race to publish destroys nothing. Saved with the keys, so a sync killed after publishing has
  /// its purges finished by the next one.
  private(set) var pendingPurges: [PersonID: [PersonID]]
  /// True when something changed since the keys were loaded.
  private(set) var changed = false

  init(
    tenant: String, secret: [UInt8], persons: PersonTable<Key32> = PersonTable(), erased: Set<PersonID> = [],
    snapshots: [[UInt8]: SnapshotKey] = [:], erasedSnapshots: Set<[UInt8]> = [], scimDeleted: [PersonID: Day] = [:],
    pendingPurges: [PersonID: [PersonID]] = [:]
  ) {
    self.tenant = tenant
    self.secret = secret
    self.persons = persons
    self.erased = erased
    self.snapshots = snapshots
    self.erasedSnapshots = erasedSnapshots
    self.scimDeleted = scimDeleted
    self.pendingPurges = pendingPurges
  }

  /// A new tenant's keys: a fresh secret and nothing else.
  static func fresh(_ tenant: String) -> TenantKeys {
    let keys = TenantKeys(tenant: tenant, secret: Crypto.newKey())
    keys.changed = true
    return keys
  }

  func personKey(_ id: PersonID) -> Key32? { persons[id] }

  /// The person's key, made when they get their first entry.
  func personKeyCreating(_ id: PersonID) -> Key32 {
    if let key = persons[id] { return key }
    let tag = Crypto.randomBytes(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    let key = Key32(Crypto.newKey(), tag: tag)
    persons[id] = key
    changed = true
    return key
  }

  /// Crypto-shredding: the key goes, and with it every copy of the person's data in history.
  func destroyPerson(_ id: PersonID) {
    guard persons.contains(id) else { return }
    persons.remove(id)
    erased.insert(id)
    scimDeleted[id] = nil
    changed = true
  }

  /// Notes that `id` is being purged, and the SCIM users' keys that go with theirs.
  func schedulePurge(_ id: PersonID, with resources: [PersonID]) {
    guard persons.contains(id) || !resources.isEmpty else { return }
    let merged = Array(Set((pendingPurges[id] ?? []) + resources)).sorted()
    guard pendingPurges[id] != merged else { return }
    pendingPurges[id] = merged
    changed = true
  }

  /// Destroys the keys of a scheduled purge (the person's and their SCIM users').
  func completePurge(_ id: PersonID) {
    guard let resources = pendingPurges.removeValue(forKey: id) else { return }
    destroyPerson(id)
    for resource in resources { destroyPerson(resource) }
    changed = true
  }

  /// Takes a key made by another holder of these keys (the SCIM server merging the keys it made
  /// into the stored ones); false when a different key is held under the id. A key made after the
  /// id's earlier key was destroyed has a new tag: what the old one sealed stays erased.
  func adopt(_ id: PersonID, _ key: Key32) -> Bool {
    if let held = persons[id] { return held == key }
    persons[id] = key
    changed = true
    return true
  }

  /// Notes that the SCIM resource sealed under `id` was deleted on `day` (the first deletion counts).
  func markSCIMDeleted(_ id: PersonID, on day: Day) {
    guard persons.contains(id), scimDeleted[id] == nil else { return }
    scimDeleted[id] = day
    changed = true
  }

  /// Destroys the keys of SCIM resources deleted `window` days ago or more: with the window equal
  /// to the quarantine, in the sync that purges the person the deletion deprovisioned. A resource
  /// still stored (its deletion was never committed) keeps its key, and loses the mark.
  func expireDeletedSCIMKeys(on day: Day, window: Int, keeping stored: (PersonID) -> Bool = { _ in false }) -> Int {
    var expired = 0
    for (id, deletedOn) in scimDeleted.sorted(by: { $0.key < $1.key }) where deletedOn.adding(days: window) <= day {
      if stored(id) {
        scimDeleted[id] = nil
        changed = true
      } else {
        destroyPerson(id)
        expired += 1
      }
    }
    return expired
  }

  func snapshotKey(_ keyID: [UInt8]) -> [UInt8]? { snapshots[keyID]?.key }

  func newSnapshotKey(source: String, on day: Day) -> (id: [UInt8], key: [UInt8]) {
    let id = Crypto.randomBytes(16)
    let key = Crypto.newKey()
    snapshots[id] = SnapshotKey(source: source, createdOn: day, replacedOn: nil, key: key)
    changed = true
    return (id, key)
  }

  /// Notes the snapshots no longer in use as replaced on `day`, and destroys the keys of those
  /// replaced `window` days ago or more. With the window equal to the quarantine, a purged
  /// person's last snapshots become unreadable in the same sync that purges them.
  func expireSnapshotKeys(on day: Day, window: Int, keeping inUse: Set<[UInt8]>) -> Int {
    for (id, snapshot) in snapshots where !inUse.contains(id) && snapshot.replacedOn == nil {
      snapshots[id]?.replacedOn = day
      changed = true
    }
    let expired = snapshots.filter { !inUse.contains($0.key) && $0.value.replacedOn!.adding(days: window) <= day }.map(\.key)
    for id in expired {
      snapshots[id] = nil
      erasedSnapshots.insert(id)
    }
    if !expired.isEmpty { changed = true }
    return expired.count
  }

  /// Marks the keys as persisted.
  func markSaved() { changed = false }
}
