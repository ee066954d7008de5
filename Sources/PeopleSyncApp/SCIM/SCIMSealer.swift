import Foundation
import PeopleSyncCore

/// Seals and opens one encrypted tenant's SCIM resource files, each under a key of its own
/// (`SCIMResourceKeys` says which and why), and makes the keys it makes durable before a commit
/// holding what they sealed is published.
///
/// The server is a long-lived writer beside `sync`, which destroys keys at purge: it never holds
/// the tenant's keystore lock between batches, and it never saves the keys it read at start.
/// Before each commit it merges what it made into the keys as stored now, checks the keys it
/// sealed with are still there (a purge may have destroyed one meanwhile: that write fails
/// rather than be committed unreadable), and adopts the stored keys as its own.
final class SCIMSealer: CommitPrerequisite, @unchecked Sendable {
  let tenant: String
  let source: String
  /// The tenant's secret, which resource key ids derive from: the same in every version of its keys.
  private let secret: [UInt8]
  private let keystore: LocalKeystore
  private let today: @Sendable () -> Day
  private let lock = NSLock()
  private var keys: TenantKeys
  private var codec: EncryptingCodec
  /// Keys made since the last `persist`, which the stored keys do not hold yet.
  private var created: [PersonID: Key32] = [:]
  /// Keys sealed with since the last `persist`, by tag: they must still be the stored ones.
  private var used: [PersonID: UInt64] = [:]
  /// Resources deleted since the last `persist`.
  private var deleted: Set<PersonID> = []
  /// The keystore file as this sealer last read or wrote it: unchanged, it need not be read again.
  private var stored: FileSignature?
  /// The erased key ids the server has stopped serving what they sealed (`newlyErased`), and the
  /// keystore file that was read from: the keys may have been adopted meanwhile by `persist`,
  /// which does not stop serving anything.
  private var reported: Set<PersonID>
  private var scanned: FileSignature?
  /// True while the keys are new ones the keystore does not hold yet (a tenant without keys):
  /// they are saved with the first write, not before, so a server that only reads writes nothing.
  private var unsaved: Bool

  /// The tenant's keys from the keystore, or new ones when it has none.
  init(tenant: String, source: String, protection: DataProtection, today: @escaping @Sendable () -> Day) throws {
    self.tenant = tenant
    self.source = source
    self.today = today
    keystore = try protection.keystore(creating: true)
    let fileLock = try LocalKeystore.lock(tenant, in: protection.folder)
    defer { fileLock.release() }
    let loaded = try keystore.load(tenant)
    keys = loaded ?? TenantKeys.fresh(tenant)
    secret = keys.secret
    unsaved = loaded == nil
    stored = FileSignature(keystore.file(tenant).path)
    reported = keys.erased
    scanned = stored
    codec = EncryptingCodec(keys: keys, today: today())
  }

  /// The key id of a resource.
  func keyID(_ kind: SCIMStore.Kind, _ id: String) -> PersonID {
    SCIMResourceKeys.id(secret: secret, source: source, kind: kind.rawValue, resource: id)
  }

  /// The plain bytes of a stored file of resource kind `kind`; nil when it is erased (its key was
  /// destroyed at a purge). The file must be sealed for the resource its path names.
  func open(_ stored: [UInt8], kind: SCIMStore.Kind, path: String) throws -> [UInt8]? {
    let keys = lock.withLock { self.keys }
    let binding = BlobKind.scimResource(tenant: tenant, key: keyID(kind, SCIMResourceKeys.resourceID(path: path)))
    do {
      return try EncryptingCodec.open(stored, keys: keys, keystore: keystore.location, binding: binding)
    } catch DataProtectionError.erased {
      return nil
    } catch {
      return try context("reading \(path)") { throw error }
    }
  }

  /// The stored form of a resource: sealed deterministically under its key, made on first use.
  func seal(_ plain: [UInt8], _ kind: SCIMStore.Kind, _ id: String) throws -> [UInt8] {
    let keyID = keyID(kind, id)
    return try lock.withLock {
      let known = keys.personKey(keyID)
      let sealed = try codec.encode(plain, kind: .scimResource(tenant: tenant, key: keyID))
      let key = keys.personKey(keyID)!
      if known == nil { created[keyID] = key }
      used[keyID] = key.tag
      return sealed
    }
  }

  /// Notes a deleted resource: its key goes after the replay window (see `SCIMResourceKeys`).
  func delete(_ kind: SCIMStore.Kind, _ id: String) {
    let keyID = keyID(kind, id)
    lock.withLock { _ = deleted.insert(keyID) }
  }

  /// Merges new keys and deletions into the stored keys, durably; called by the committer before
  /// a commit holding this sealer's writes is published.
  func persist() throws {
    let (created, used, deleted) = lock.withLock { (self.created, self.used, self.deleted) }
    let file = keystore.file(tenant)
    if created.isEmpty && deleted.isEmpty && (used.isEmpty || stored == FileSignature(file.path)) {
      // Nothing new, and no other writer replaced the keys since: the keys sealed with are stored.
      lock.withLock { self.used = self.used.filter { used[$0.key] != $0.value } }
      return
    }
    let fileLock = try LocalKeystore.lock(tenant, in: keystore.folder)
    defer { fileLock.release() }
    let loaded = try keystore.load(tenant)
    if unsaved {
      // The first keys of the tenant; the resource key ids derive from their secret, so they
      // must be the stored ones: if another writer stored keys meanwhile, this write fails and
      // the tenant is read again with those.
      guard loaded == nil else {
        throw AppError.keys("tenant \(tenant): another writer created the tenant's keys meanwhile; nothing was committed, retry")
      }
      try lock.withLock {
        for id in self.deleted.sorted() { keys.markSCIMDeleted(id, on: today()) }
        try keystore.save(keys)
        unsaved = false
        self.created = [:]
        self.used = [:]
        self.deleted = []
        stored = FileSignature(keystore.file(tenant).path)
      }
      return
    }
    guard let current = loaded, current.secret == secret else {
      throw AppError.keys(
        "the keys of tenant \(tenant) are gone from the keystore at \(keystore.location), or were replaced; nothing was committed")
    }
    for (id, key) in created.sorted(by: { $0.key < $1.key }) where !current.adopt(id, key) {
      throw AppError.keys("tenant \(tenant): another writer made a different key for SCIM resource key \(id); nothing was committed")
    }
    for (id, tag) in used.sorted(by: { $0.key < $1.key }) where current.personKey(id)?.tag != tag {
      throw AppError.keys(
        "tenant \(tenant): the key of SCIM resource key \(id) was destroyed meanwhile (its person was purged); the write was not committed")
    }
    let day = today()
    for id in deleted.sorted() { current.markSCIMDeleted(id, on: day) }
    if current.changed { try keystore.save(current) }
    lock.withLock {
      // Keys made while this ran belong to later batches: carried over, still to be stored.
      for (id, key) in self.created where created[id] == nil { _ = current.adopt(id, key) }
      self.created = self.created.filter { created[$0.key] == nil }
      self.used = self.used.filter { used[$0.key] != $0.value }
      self.deleted.subtract(deleted)
      keys = current
      codec = EncryptingCodec(keys: current, today: day)
      stored = FileSignature(file.path)
    }
  }

  /// Reads the stored keys again when they changed since this sealer last read or wrote them:
  /// keys destroyed since are dropped, keys made and not yet stored are kept. Without the
  /// keystore's lock: the file is replaced by rename, so a read sees one version whole, and a
  /// sync holds that lock for as long as it plans, which requests waiting on this must not.
  func refresh() throws {
    guard !lock.withLock({ unsaved }) else { return }
    let signature = FileSignature(keystore.file(tenant).path)
    guard signature != lock.withLock({ stored }), let current = try keystore.load(tenant) else { return }
    lock.withLock {
      for (id, key) in created { _ = current.adopt(id, key) }
      keys = current
      codec = EncryptingCodec(keys: current, today: today())
      stored = signature
    }
  }

  /// The key ids destroyed since the last call (a purge by a sync, of this server or another
  /// process): what they sealed must no longer be served. Reads the keys again when the keystore
  /// file changed since the last call, or `always`.
  func newlyErased(always: Bool) throws -> Set<PersonID> {
    let signature = FileSignature(keystore.file(tenant).path)
    guard always || signature != lock.withLock({ scanned }) else { return [] }
    try refresh()
    return lock.withLock {
      let erased = keys.erased.subtracting(reported)
      reported = keys.erased
      scanned = signature
      return erased
    }
  }
}
