import Foundation
import GitKit
import PeopleSyncCore
import PeopleSyncCrypto

/// Keys, codecs and person identifiers for one repository: the one place that decides how a
/// tenant's personal data is stored.
package final class DataProtection: @unchecked Sendable {
  let configuration: KeyConfiguration
  let defaultFolder: URL
  /// The repository's git folder and working tree, resolved: no master key is kept inside them.
  let repositoryFolders: [String]
  let today: Day
  /// False for commands that only read: they never write a key or a keystore.
  let writable: Bool
  /// Messages for the person running the command (a generated key, say).
  let notes: (String) -> Void
  private let lock = NSLock()
  private let storeLock = NSLock()
  private var store: LocalKeystore?
  private var tenants: [String: TenantKeys] = [:]
  private var locks: [String: FileLock] = [:]
  private var caches: [String: SealedEntryCache] = [:]
  /// Entry caches being written, by tenant; `release` waits for them, and so does the end of a command.
  private var pendingSaves: [String: DispatchGroup] = [:]

  deinit { for group in pendingSaves.values { group.wait() } }

  /// The protection of `repository`'s tenants, with keys found as `configuration` says; `writable` false for commands that only read.
  package init(
    repository: Repository, configuration: KeyConfiguration, today: Day, writable: Bool, notes: @escaping (String) -> Void = { _ in }
  ) {
    self.configuration = configuration
    defaultFolder = URL(fileURLWithPath: repository.gitDirectory).appendingPathComponent("peoplesync/keys")
    repositoryFolders = [repository.gitDirectory, repository.workingDirectory].compactMap { $0 }.map {
      URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path
    }
    self.today = today
    self.writable = writable
    self.notes = notes
  }

  var folder: URL { configuration.keystoreFolder.map { URL(fileURLWithPath: $0) } ?? defaultFolder }

  /// The keystore; a local one with a generated master key is made only when `creating` and none exists.
  func keystore(creating: Bool) throws -> LocalKeystore {
    storeLock.lock()
    defer { storeLock.unlock() }
    if let store { return store }
    let master = try masterKey(creating: creating)
    let opened = LocalKeystore(folder: folder, masterKey: master)
    store = opened
    return opened
  }

  private func masterKey(creating: Bool) throws -> [UInt8] {
    if let text = configuration.masterKey {
      guard let key = Self.parseKey(Array(text.utf8)) else {
        throw KeystoreError.noMasterKey("PEOPLESYNC_MASTER_KEY must be 64 hexadecimal characters (32 bytes)")
      }
      return key
    }
    if let path = configuration.masterKeyFile {
      try refuseInsideRepository(path, what: "PEOPLESYNC_MASTER_KEY_FILE")
      guard let data = FileManager.default.contents(atPath: path), let key = Self.parseKey([UInt8](data)) else {
        throw KeystoreError.noMasterKey(
          "PEOPLESYNC_MASTER_KEY_FILE \(path) is missing or does not hold a 32-byte key (64 hexadecimal characters)")
      }
      return key
    }
    // Earlier versions generated the key beside the keys: read there only outside the repository.
    let beside = folder.appendingPathComponent("master.key")
    if FileManager.default.fileExists(atPath: beside.path) {
      try refuseInsideRepository(beside.path, what: "the master key")
      guard let data = FileManager.default.contents(atPath: beside.path), let key = Self.parseKey([UInt8](data)) else {
        throw KeystoreError.damaged(beside.path)
      }
      return key
    }
    guard let userFile = configuration.userMasterKeyFile else {
      throw KeystoreError.noMasterKey(
        "no master key: set PEOPLESYNC_MASTER_KEY or PEOPLESYNC_MASTER_KEY_FILE (neither HOME nor XDG_CONFIG_HOME says where to keep one)")
    }
    let local = URL(fileURLWithPath: userFile)
    if let data = FileManager.default.contents(atPath: local.path) {
      guard let key = Self.parseKey([UInt8](data)) else { throw KeystoreError.damaged(local.path) }
      return key
    }
    guard creating, !hasKeystoreFiles else {
      throw KeystoreError.noMasterKey(
        "no master key: set PEOPLESYNC_MASTER_KEY or PEOPLESYNC_MASTER_KEY_FILE, or put it in \(local.path) (the keystore is \(folder.path))"
      )
    }
    try refuseInsideRepository(local.path, what: "the master key (from XDG_CONFIG_HOME or HOME)")
    // First use with nothing to protect yet: a key of this user's, outside every repository.
    let key = Crypto.newKey()
    try FileManager.default.createDirectory(
      at: local.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    do {
      try Durable.replace(local, with: Array(key.map { String(format: "%02x", $0) }.joined().utf8) + [0x0A], exclusive: true)
    } catch {
      // Another process made one at the same moment: use theirs.
      guard let data = FileManager.default.contents(atPath: local.path), let theirs = Self.parseKey([UInt8](data)) else { throw error }
      return theirs
    }
    notes(
      "peoplesync: generated a master key at \(local.path); back it up apart from the keystore (\(folder.path)), or set PEOPLESYNC_MASTER_KEY_FILE from your secret store"
    )
    return key
  }

  /// A master key inside the repository travels with every copy of it, keys and sealed history
  /// together: refused, with how to move it out.
  private func refuseInsideRepository(_ path: String, what: String) throws {
    let file = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    for root in repositoryFolders where file.hasPrefix(root + "/") || file == root {
      throw KeystoreError.noMasterKey(
        "\(what) is inside the repository (\(path)), where every copy of the repository takes it along; move it out, e.g. "
          + "mkdir -p ~/.config/peoplesync && mv \(path) ~/.config/peoplesync/master.key (or set PEOPLESYNC_MASTER_KEY_FILE to a file outside)"
      )
    }
  }

  /// True when the keystore holds keys of `tenant` (or this command already has them in hand).
  func hasKeys(_ tenant: String) -> Bool {
    lock.withLock { tenants[tenant] != nil } || FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(tenant).keys").path)
  }

  /// True when the keystore folder holds keys of any tenant.
  var hasKeystoreFiles: Bool {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).contains { $0.hasSuffix(".keys") }
  }

  /// 64 hexadecimal characters (surrounding white space ignored), or exactly 32 raw bytes.
  static func parseKey(_ bytes: [UInt8]) -> [UInt8]? {
    let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    if text.count == 64, text.allSatisfy(\.isHexDigit) {
      var key: [UInt8] = []
      var index = text.startIndex
      while index < text.endIndex {
        let next = text.index(index, offsetBy: 2)
        key.append(UInt8(text[index..<next], radix: 16)!)
        index = next
      }
      return key
    }
    return bytes.count == 32 ? bytes : nil
  }

  /// The tenant's keys; with `creating`, a tenant without keys gets fresh ones.
  func keys(_ tenant: String, creating: Bool) throws -> TenantKeys? {
    // A writer holds the tenant's lock before its first read of the keys, so the keys it
    // reads (for the snapshot, say) are the ones it will change: read once, not twice.
    try lockForWriting(tenant)
    lock.lock()
    defer { lock.unlock() }
    if let keys = tenants[tenant] { return keys }
    let store: LocalKeystore
    do {
      store = try keystore(creating: creating && writable)
    } catch KeystoreError.noMasterKey where creating && !writable && !hasKeystoreFiles {
      // A read-only command on a tenant that has nothing encrypted yet: keys that live only
      // as long as this command (ids in its output are provisional).
      let ephemeral = TenantKeys.fresh(tenant)
      tenants[tenant] = ephemeral
      return ephemeral
    }
    if let loaded = try PhaseTimer.measure("load the keys of \(tenant)", { try store.load(tenant) }) {
      tenants[tenant] = loaded
      return loaded
    }
    guard creating else { return nil }
    let fresh = TenantKeys.fresh(tenant)
    tenants[tenant] = fresh
    return fresh
  }

  /// For a writing command: takes the tenant's key lock (held until `release`) and forgets keys
  /// read before, so a retry after a concurrent commit sees what that writer saved.
  func lockForWriting(_ tenant: String) throws {
    guard writable else { return }
    lock.lock()
    let held = locks[tenant] != nil
    lock.unlock()
    guard !held else { return }
    let fileLock = try LocalKeystore.lock(tenant, in: folder)
    lock.lock()
    locks[tenant] = fileLock
    tenants[tenant] = nil
    lock.unlock()
  }

  /// Releases the tenant's key lock, if held.
  func release(_ tenant: String) {
    let pending = lock.withLock { pendingSaves.removeValue(forKey: tenant) }
    pending?.wait()
    lock.lock()
    let fileLock = locks.removeValue(forKey: tenant)
    tenants[tenant] = nil
    lock.unlock()
    fileLock?.release()
  }

  /// How `config`'s tenant stores personal data: sealed when encryption is on, as is otherwise.
  func codec(for config: TenantConfig, creating: Bool) throws -> any BlobCodec {
    guard config.encryption.enabled else { return PlainBlobCodec() }
    try lockForWriting(config.id)
    guard let keys = try keys(config.id, creating: creating) else {
      throw DataProtectionError.missingKey("tenant \(config.id)", keystore: folder.path)
    }
    return EncryptingCodec(keys: keys, today: today)
  }

  /// How person ids are derived: keyed by the tenant's secret when encryption is on.
  func identifier(for config: TenantConfig, creating: Bool) throws -> any PersonIdentifier {
    guard config.encryption.enabled else { return HashedPersonIdentifier() }
    try lockForWriting(config.id)
    guard let keys = try keys(config.id, creating: creating) else {
      throw DataProtectionError.missingKey("tenant \(config.id)", keystore: folder.path)
    }
    return KeyedPersonIdentifier(secret: keys.secret)
  }

  /// Persists the tenant's key changes; called before the commit that needs them is published.
  func save(_ tenant: String) throws {
    lock.lock()
    let keys = tenants[tenant]
    let cache = caches[tenant]
    lock.unlock()
    guard let keys else { return }
    // A save before this one (a sync saves once before its commit and again once it is
    // published) may still be writing the cache on another thread: it ends first, so the cache
    // is not changed while it is encoded, and is written again only if something changed since.
    lock.withLock { pendingSaves[tenant] }?.wait()
    // The entry cache is written on another thread while the keys are saved and the commit is
    // made: each takes a few tenths of a second for a million people, and none needs the others.
    // `release` waits for it, so the tenant's lock covers it.
    let cacheSaved = DispatchGroup()
    lock.withLock { pendingSaves[tenant] = cacheSaved }
    if writable, let cache {
      cache.merge()
      cache.keep(only: keys)
      if cache.changed {
        // The keystore is made here when the keys are about to be saved for the first time.
        let (file, store) = (cacheFile(tenant), try? keystore(creating: keys.changed))
        DispatchQueue.global().async(group: cacheSaved) {
          // Only a cache: when it cannot be written, the next sync seals and compares instead.
          try? PhaseTimer.measure("save the entry cache of \(tenant)") {
            try store?.writeSealedChunks(
              file, magic: SealedEntryCache.magic, length: cache.encodedCount, associated: Array(tenant.utf8), produce: cache.encode)
            cache.markSaved()
          }
        }
      }
    }
    if keys.changed {
      precondition(writable, "a read-only command tried to save keys")
      try PhaseTimer.measure("save the keys of \(tenant)") { try keystore(creating: true).save(keys) }
    }
  }

  func cacheFile(_ tenant: String) -> URL { folder.appendingPathComponent("\(tenant).entries") }

  /// The tenant's entry cache: read once, empty when there is none or it cannot be read.
  func entryCache(_ tenant: String) -> SealedEntryCache {
    lock.lock()
    if let cache = caches[tenant] {
      lock.unlock()
      return cache
    }
    lock.unlock()
    let payload = PhaseTimer.measure("load the entry cache of \(tenant)") {
      try? keystore(creating: false).readSealedChunks(cacheFile(tenant), magic: SealedEntryCache.magic, associated: Array(tenant.utf8))
    }
    let loaded = payload.flatMap(SealedEntryCache.decode) ?? SealedEntryCache()
    lock.lock()
    defer { lock.unlock() }
    if let cache = caches[tenant] { return cache }
    caches[tenant] = loaded
    return loaded
  }

  /// Reads the tenant's entry cache ahead, when it has one: called on the thread that lists
  /// the directory, so the read overlaps the snapshot's.
  func prefetchEntryCache(_ tenant: String) {
    guard FileManager.default.fileExists(atPath: cacheFile(tenant).path) else { return }
    _ = entryCache(tenant)
  }

  /// Opens a stored blob found where `binding` says (plain bytes as they are): with the keys of
  /// the binding's tenant, and only when the blob was sealed for that place. Nil only for an
  /// operator's tool reading a blob out of context (textconv): the tenant named in the header,
  /// checked to be a tenant id, picks the keys.
  func open(_ stored: [UInt8], binding: BlobKind?) throws -> [UInt8] {
    guard stored.withUnsafeBytes(SealedBlob.isSealed) else { return stored }
    return try stored.withUnsafeBytes { try open($0, binding: binding) }
  }

  func open(_ stored: UnsafeRawBufferPointer, binding: BlobKind?) throws -> [UInt8] {
    guard SealedBlob.isSealed(stored) else { return Array(stored) }
    guard let blob = SealedBlob.parse(stored) else { throw DataProtectionError.damaged("a sealed blob (truncated header)") }
    if let binding, blob.tenant != binding.tenant {
      throw DataProtectionError.misplaced(binding.description, why: "sealed for another tenant")
    }
    let tenant = binding?.tenant ?? blob.tenant
    // The header is content: it never names a file until it is known to be a tenant id.
    guard ConfigReader.isValidTenantID(tenant) else { throw DataProtectionError.damaged("a sealed blob (its header names no tenant)") }
    guard let keys = try keys(tenant, creating: false) else {
      throw DataProtectionError.missingKey("tenant \(tenant)", keystore: folder.path)
    }
    return try EncryptingCodec.open(stored, keys: keys, keystore: folder.path, binding: binding)
  }

  /// The decoder every reader uses.
  var decoder: any BlobCodec { Decoder(protection: self) }

  struct Decoder: BlobCodec, @unchecked Sendable {
    let protection: DataProtection
    func encode(_ plain: [UInt8], kind: BlobKind) throws -> [UInt8] { plain }
    func encodeForComparison(_ plain: [UInt8], kind: BlobKind) -> [UInt8]? { nil }
    func decode(_ stored: [UInt8], kind: BlobKind) throws -> [UInt8] { try protection.open(stored, binding: kind) }
    func withDecoded<T>(_ stored: UnsafeRawBufferPointer, kind: BlobKind, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
      guard SealedBlob.isSealed(stored) else { return try body(stored) }
      let plain = try PhaseTimer.measure("decrypt \(kind)") { try protection.open(stored, binding: kind) }
      return try plain.withUnsafeBytes { try body($0) }
    }
  }
}
