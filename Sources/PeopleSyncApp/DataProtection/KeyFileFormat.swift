import PeopleSyncCore

/// The payload of a keystore file. A million-person tenant's file is about 48 MB, read on
/// every run: encoded and decoded field by field in place, never a small array per field.
enum KeyFileFormat {
  static func encode(_ keys: TenantKeys) -> [UInt8] {
    var out = ByteWriter(capacity: 64 + keys.persons.count * 48)
    out.append(keys.secret)
    out.append(UInt64(keys.persons.count))
    // In the table's order: sorting a million keys would cost more than it tells.
    keys.persons.forEach { id, key in
      out.append(id.value)
      out.append(key.tag)
      out.appendRaw(key.a)
      out.appendRaw(key.b)
      out.appendRaw(key.c)
      out.appendRaw(key.d)
    }
    let erased = keys.erased.sorted()
    out.append(UInt64(erased.count))
    for id in erased { out.append(id.value) }
    let snapshots = keys.snapshots.sorted { $0.key.lexicographicallyPrecedes($1.key) }
    out.append(UInt64(snapshots.count))
    for (id, snapshot) in snapshots {
      out.append(id)
      out.append(UInt64(bitPattern: Int64(snapshot.createdOn.ordinal)))
      out.append(UInt64(bitPattern: Int64(snapshot.replacedOn?.ordinal ?? Int32.min)))
      let source = Array(snapshot.source.utf8)
      out.append(UInt64(source.count))
      out.append(source)
      out.append(snapshot.key)
    }
    let erasedSnapshots = keys.erasedSnapshots.sorted { $0.lexicographicallyPrecedes($1) }
    out.append(UInt64(erasedSnapshots.count))
    for id in erasedSnapshots { out.append(id) }
    // Trailing sections, written only when there is something in them: files of tenants without
    // SCIM deletions or purges in flight stay as earlier versions wrote them.
    if !keys.scimDeleted.isEmpty || !keys.pendingPurges.isEmpty {
      out.append(UInt64(keys.scimDeleted.count))
      for (id, day) in keys.scimDeleted.sorted(by: { $0.key < $1.key }) {
        out.append(id.value)
        out.append(UInt64(bitPattern: Int64(day.ordinal)))
      }
    }
    if !keys.pendingPurges.isEmpty {
      out.append(UInt64(keys.pendingPurges.count))
      for (id, resources) in keys.pendingPurges.sorted(by: { $0.key < $1.key }) {
        out.append(id.value)
        out.append(UInt64(resources.count))
        for resource in resources { out.append(resource.value) }
      }
    }
    return out.bytes
  }

  static func decode(_ bytes: [UInt8], tenant: String) -> TenantKeys? {
    bytes.withUnsafeBytes { decode($0, tenant: tenant) }
  }

  static func decode(_ bytes: UnsafeRawBufferPointer, tenant: String) -> TenantKeys? {
    var reader = ByteReader(bytes)
    guard let secret = reader.take(32), let personCount = reader.uint64(), personCount <= UInt64(bytes.count / 48) else { return nil }
    var persons = PersonTable<Key32>(capacity: Int(personCount))
    for _ in 0..<personCount {
      guard let id = reader.uint64(), let tag = reader.uint64(), let a = reader.raw(), let b = reader.raw(), let c = reader.raw(),
        let d = reader.raw()
      else { return nil }
      persons[PersonID(id)] = Key32(a: a, b: b, c: c, d: d, tag: tag)
    }
    guard let erasedCount = reader.uint64(), erasedCount <= UInt64(bytes.count / 8) else { return nil }
    var erased = Set<PersonID>(minimumCapacity: Int(erasedCount))
    for _ in 0..<erasedCount {
      guard let id = reader.uint64() else { return nil }
      erased.insert(PersonID(id))
    }
    guard let snapshotCount = reader.uint64(), snapshotCount <= UInt64(bytes.count / 64) else { return nil }
    var snapshots: [[UInt8]: SnapshotKey] = [:]
    for _ in 0..<snapshotCount {
      guard let id = reader.take(16), let day = reader.uint64(), let replaced = reader.uint64(), let length = reader.uint64(), length < 256,
        let source = reader.take(Int(length)), let key = reader.take(32)
      else { return nil }
      let replacedOrdinal = Int32(truncatingIfNeeded: Int64(bitPattern: replaced))
      snapshots[id] = SnapshotKey(
        source: String(decoding: source, as: UTF8.self), createdOn: Day(ordinal: Int32(truncatingIfNeeded: Int64(bitPattern: day))),
        replacedOn: replacedOrdinal == Int32.min ? nil : Day(ordinal: replacedOrdinal), key: key)
    }
    guard let erasedSnapshotCount = reader.uint64(), erasedSnapshotCount <= UInt64(bytes.count / 16) else { return nil }
    var erasedSnapshots = Set<[UInt8]>()
    for _ in 0..<erasedSnapshotCount {
      guard let id = reader.take(16) else { return nil }
      erasedSnapshots.insert(id)
    }
    var scimDeleted: [PersonID: Day] = [:]
    if !reader.atEnd {
      guard let count = reader.uint64(), count <= UInt64(bytes.count / 16) else { return nil }
      for _ in 0..<count {
        guard let id = reader.uint64(), let day = reader.uint64() else { return nil }
        scimDeleted[PersonID(id)] = Day(ordinal: Int32(truncatingIfNeeded: Int64(bitPattern: day)))
      }
    }
    var pendingPurges: [PersonID: [PersonID]] = [:]
    if !reader.atEnd {
      guard let count = reader.uint64(), count <= UInt64(bytes.count / 16) else { return nil }
      for _ in 0..<count {
        guard let id = reader.uint64(), let resourceCount = reader.uint64(), resourceCount <= UInt64(bytes.count / 8) else { return nil }
        var resources: [PersonID] = []
        for _ in 0..<resourceCount {
          guard let resource = reader.uint64() else { return nil }
          resources.append(PersonID(resource))
        }
        pendingPurges[PersonID(id)] = resources
      }
    }
    guard reader.atEnd else { return nil }
    return TenantKeys(
      tenant: tenant, secret: secret, persons: persons, erased: erased, snapshots: snapshots, erasedSnapshots: erasedSnapshots,
      scimDeleted: scimDeleted, pendingPurges: pendingPurges)
  }
}
