import Foundation
import PeopleSyncCore
import PeopleSyncCrypto

/// Where tenants' keys are kept, outside git. A KMS or Vault implements the same two calls.
public protocol Keystore: AnyObject, Sendable {
  /// The tenant's keys, or nil when the keystore has none for it.
  func load(_ tenant: String) throws -> TenantKeys?
  /// Persists the tenant's keys durably before anything that depends on them is committed.
  func save(_ keys: TenantKeys) throws
  /// Where the keys are, for messages.
  var location: String { get }
}

/// Problems with keys, each said plainly.
public enum KeystoreError: Error, CustomStringConvertible {
  case wrongMasterKey(String)
  case damaged(String)
  case unreadable(String, String)
  case noMasterKey(String)

  public var description: String {
    switch self {
    case .wrongMasterKey(let file):
      "the master key does not open \(file): set PEOPLESYNC_MASTER_KEY (or PEOPLESYNC_MASTER_KEY_FILE) to the key this keystore was written with"
    case .damaged(let file): "the keystore file \(file) is damaged (truncated or modified); restore it from a backup. Nothing was changed."
    case .unreadable(let file, let why): "cannot read or write the keystore file \(file): \(why)"
    case .noMasterKey(let why): why
    }
  }
}

/// The embedded keystore: one file per tenant, sealed with the master key, replaced atomically.
///
/// File layout: `PSKS` and a version byte, a 16-byte check of the master key, a 24-byte
/// nonce, then the sealed payload (tenant secret, person keys sorted by id, erased ids,
/// snapshot keys). A person's key is gone once the file is rewritten without it; older
/// copies of the file (backups) stay readable until the master key is rotated.
public final class LocalKeystore: Keystore, @unchecked Sendable {
  public let folder: URL
  private let masterKey: [UInt8]

  public var location: String { folder.path }

  public init(folder: URL, masterKey: [UInt8]) {
    self.folder = folder
    self.masterKey = masterKey
  }

  func file(_ tenant: String) -> URL { folder.appendingPathComponent("\(tenant).keys") }

  static let magic: [UInt8] = Array("PSKS".utf8) + [1]

  /// The 16 bytes that tell whether a master key is the one a file was sealed with.
  static func check(_ master: [UInt8]) -> [UInt8] { Crypto.keyedHash(key: master, Array("peoplesync keystore check".utf8), length: 16) }

  public func load(_ tenant: String) throws -> TenantKeys? {
    let url = file(tenant)
    guard FileManager.default.fileExists(atPath: url.path) else { return nil }
    let data: [UInt8]
    do { data = [UInt8](try Data(contentsOf: url)) } catch { throw KeystoreError.unreadable(url.path, "\(error.localizedDescription)") }
    let headerCount = Self.magic.count + 16 + Crypto.nonceBytes
    guard data.count >= headerCount + Crypto.tagBytes, Array(data.prefix(Self.magic.count)) == Self.magic else {
      throw KeystoreError.damaged(url.path)
    }
    guard Crypto.equal(Array(data[Self.magic.count..<(Self.magic.count + 16)]), Self.check(masterKey)) else {
      throw KeystoreError.wrongMasterKey(url.path)
    }
    let nonce = Array(data[(Self.magic.count + 16)..<headerCount])
    let payload: [UInt8]
    do {
      payload = try data[headerCount...].withUnsafeBytes {
        try Crypto.open($0, key: masterKey, nonce: nonce, associated: Array(tenant.utf8))
      }
    } catch { throw KeystoreError.damaged(url.path) }
    guard let keys = KeyFileFormat.decode(payload, tenant: tenant) else { throw KeystoreError.damaged(url.path) }
    return keys
  }

  public func save(_ keys: TenantKeys) throws {
    let url = file(keys.tenant)
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      let nonce = Crypto.randomBytes(Crypto.nonceBytes)
      let sealed = KeyFileFormat.encode(keys).withUnsafeBytes {
        Crypto.seal($0, key: masterKey, nonce: nonce, associated: Array(keys.tenant.utf8))
      }
      try Durable.replace(url, with: Self.magic + Self.check(masterKey) + nonce + sealed)
      keys.markSaved()
    } catch let error as KeystoreError {
      throw error
    } catch {
      throw KeystoreError.unreadable(url.path, "\(error)")
    }
  }

  /// Holds the tenant's write lock (an advisory lock on `<tenant>.lock`) until released: keys are
  /// read, changed and saved by one writer at a time.
  func lock(_ tenant: String) throws -> FileLock {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    return try FileLock(folder.appendingPathComponent("\(tenant).lock").path)
  }

  /// Re-seals every tenant file with `newKey`. Each file is replaced atomically; a file
  /// already under the new key is left as it is, so an interrupted rotation can be run again.
  public func rotate(to newKey: [UInt8]) throws -> Int {
    let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
    let next = LocalKeystore(folder: folder, masterKey: newKey)
    var rotated = 0
    for file in files where file.pathExtension == "keys" {
      let tenant = file.deletingPathExtension().lastPathComponent
      if (try? next.load(tenant)) != nil { continue }
      guard let keys = try load(tenant) else { continue }
      try next.save(keys)
      rotated += 1
    }
    return rotated
  }
}

/// Writes files so that a crash leaves either the old or the new content, never a mix.
enum Durable {
  /// With `exclusive`, fails (errno EEXIST) rather than replace a file that exists.
  static func replace(_ url: URL, with bytes: [UInt8], exclusive: Bool = false) throws {
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
    let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { throw KeystoreError.unreadable(temporary.path, String(cString: strerror(errno))) }
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
      guard written > 0 else {
        close(fd)
        unlink(temporary.path)
        throw KeystoreError.unreadable(temporary.path, String(cString: strerror(errno)))
      }
      offset += written
    }
    // Keys must be on disk before a commit that needs them exists.
    guard fsync(fd) == 0, close(fd) == 0, (exclusive ? link(temporary.path, url.path) : rename(temporary.path, url.path)) == 0 else {
      unlink(temporary.path)
      throw KeystoreError.unreadable(url.path, String(cString: strerror(errno)))
    }
    if exclusive { unlink(temporary.path) }
    let directory = open(url.deletingLastPathComponent().path, O_RDONLY)
    if directory >= 0 {
      fsync(directory)
      close(directory)
    }
  }
}

/// The payload of a keystore file.
enum KeyFileFormat {
  static func encode(_ keys: TenantKeys) -> [UInt8] {
    var out: [UInt8] = keys.secret
    var persons: [(PersonID, Key32)] = []
    persons.reserveCapacity(keys.persons.count)
    keys.persons.forEach { persons.append(($0, $1)) }
    persons.sort { $0.0 < $1.0 }
    out.reserveCapacity(64 + persons.count * 40)
    append(UInt64(persons.count), to: &out)
    for (id, key) in persons {
      append(id.value, to: &out)
      append(key.tag, to: &out)
      out += key.bytes
    }
    let erased = keys.erased.sorted()
    append(UInt64(erased.count), to: &out)
    for id in erased { append(id.value, to: &out) }
    let snapshots = keys.snapshots.sorted { $0.key.lexicographicallyPrecedes($1.key) }
    append(UInt64(snapshots.count), to: &out)
    for (id, snapshot) in snapshots {
      out += id
      append(UInt64(bitPattern: Int64(snapshot.createdOn.ordinal)), to: &out)
      append(UInt64(bitPattern: Int64(snapshot.replacedOn?.ordinal ?? Int32.min)), to: &out)
      let source = Array(snapshot.source.utf8)
      append(UInt64(source.count), to: &out)
      out += source + snapshot.key
    }
    let erasedSnapshots = keys.erasedSnapshots.sorted { $0.lexicographicallyPrecedes($1) }
    append(UInt64(erasedSnapshots.count), to: &out)
    for id in erasedSnapshots { out += id }
    return out
  }

  static func decode(_ bytes: [UInt8], tenant: String) -> TenantKeys? {
    var reader = ByteReader(bytes)
    guard let secret = reader.take(32), let personCount = reader.uint64(), personCount <= UInt64(bytes.count / 48) else { return nil }
    var persons = PersonTable<Key32>(capacity: Int(personCount))
    for _ in 0..<personCount {
      guard let id = reader.uint64(), let tag = reader.uint64(), let key = reader.take(32) else { return nil }
      persons[PersonID(id)] = Key32(key, tag: tag)
    }
    guard let erasedCount = reader.uint64(), erasedCount <= UInt64(bytes.count / 8) else { return nil }
    var erased = Set<PersonID>()
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
    guard reader.atEnd else { return nil }
    return TenantKeys(
      tenant: tenant, secret: secret, persons: persons, erased: erased, snapshots: snapshots, erasedSnapshots: erasedSnapshots)
  }

  static func append(_ value: UInt64, to out: inout [UInt8]) {
    for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
  }
}

/// Reads fixed-size fields from the front of a byte array.
struct ByteReader {
  private let bytes: [UInt8]
  private var position = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  var atEnd: Bool { position == bytes.count }

  mutating func take(_ count: Int) -> [UInt8]? {
    guard count >= 0, bytes.count - position >= count else { return nil }
    defer { position += count }
    return Array(bytes[position..<(position + count)])
  }

  mutating func uint64() -> UInt64? {
    guard let raw = take(8) else { return nil }
    return raw.reduce(0) { $0 << 8 | UInt64($1) }
  }
}

/// An exclusive advisory lock on a file, held until `release` or deinit.
final class FileLock {
  private var fd: Int32

  init(_ path: String) throws {
    fd = open(path, O_RDWR | O_CREAT, 0o600)
    guard fd >= 0 else { throw KeystoreError.unreadable(path, String(cString: strerror(errno))) }
    while flock(fd, LOCK_EX) != 0 {
      guard errno == EINTR else {
        close(fd)
        throw KeystoreError.unreadable(path, String(cString: strerror(errno)))
      }
    }
  }

  func release() {
    guard fd >= 0 else { return }
    flock(fd, LOCK_UN)
    close(fd)
    fd = -1
  }

  deinit { release() }
}
