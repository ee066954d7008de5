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
  /// A name that is no tenant id was about to become a keystore file name.
  case notATenant(String)

  public var description: String {
    switch self {
    case .wrongMasterKey(let file):
      "the master key does not open \(file): set PEOPLESYNC_MASTER_KEY (or PEOPLESYNC_MASTER_KEY_FILE) to the key this keystore was written with"
    case .damaged(let file): "the keystore file \(file) is damaged (truncated or modified); restore it from a backup. Nothing was changed."
    case .unreadable(let file, let why): "cannot read or write the keystore file \(file): \(why)"
    case .noMasterKey(let why): why
    case .notATenant(let name): "refusing to use \(name.debugDescription) as a tenant in the keystore: it is no tenant id"
    }
  }
}

/// The embedded keystore: one file per tenant, sealed with the master key, replaced atomically.
///
/// File layout: `PSKS` and a version byte, a 16-byte check of the master key, a 24-byte
/// nonce, then the sealed payload (tenant secret, person and SCIM resource keys, erased ids,
/// snapshot keys, deleted SCIM resources). A person's key is gone once the file is rewritten without it; older
/// copies of the file (backups) stay readable until the master key is rotated.
public final class LocalKeystore: Keystore, @unchecked Sendable {
  public let folder: URL
  private let masterKey: [UInt8]

  public var location: String { folder.path }

  public init(folder: URL, masterKey: [UInt8]) {
    self.folder = folder
    self.masterKey = masterKey
  }

  /// Tenant names become file names here: only a tenant id (no '/', no '..') ever does.
  static func checkName(_ tenant: String) throws {
    guard ConfigReader.isValidTenantID(tenant) else { throw KeystoreError.notATenant(tenant) }
  }

  func file(_ tenant: String) -> URL { folder.appendingPathComponent("\(tenant).keys") }

  static let magic: [UInt8] = Array("PSKS".utf8) + [1]

  /// The 16 bytes that tell whether a master key is the one a file was sealed with.
  static func check(_ master: [UInt8]) -> [UInt8] { Crypto.keyedHash(key: master, Array("peoplesync keystore check".utf8), length: 16) }

  public func load(_ tenant: String) throws -> TenantKeys? {
    try Self.checkName(tenant)
    let url = file(tenant)
    guard let payload = try readSealed(url, magic: Self.magic, associated: Array(tenant.utf8)) else { return nil }
    guard let keys = KeyFileFormat.decode(payload, tenant: tenant) else { throw KeystoreError.damaged(url.path) }
    return keys
  }

  public func save(_ keys: TenantKeys) throws {
    try Self.checkName(keys.tenant)
    try writeSealed(file(keys.tenant), magic: Self.magic, payload: KeyFileFormat.encode(keys), associated: Array(keys.tenant.utf8))
    keys.markSaved()
  }

  /// The payload of a file `writeSealed` wrote, or nil when there is no such file.
  func readSealed(_ url: URL, magic: [UInt8], associated: [UInt8]) throws -> [UInt8]? {
    guard var data = try Durable.read(url) else { return nil }
    let headerCount = magic.count + 16 + Crypto.nonceBytes
    guard data.count >= headerCount + Crypto.tagBytes, Array(data.prefix(magic.count)) == magic else {
      throw KeystoreError.damaged(url.path)
    }
    guard Crypto.equal(Array(data[magic.count..<(magic.count + 16)]), Self.check(masterKey)) else {
      throw KeystoreError.wrongMasterKey(url.path)
    }
    let nonce = Array(data[(magic.count + 16)..<headerCount])
    let length: Int
    do {
      length = try data.withUnsafeMutableBytes { raw in
        try masterKey.withUnsafeBytes { key in
          try nonce.withUnsafeBytes { nonce in
            try associated.withUnsafeBytes { associated in
              try Crypto.openInPlace(
                UnsafeMutableRawBufferPointer(rebasing: raw[headerCount...]), key: key, nonce: nonce, associated: associated)
            }
          }
        }
      }
    } catch { throw KeystoreError.damaged(url.path) }
    // The plain text now starts where the sealed part did.
    data.removeSubrange(0..<headerCount)
    data.removeLast(data.count - length)
    return data
  }

  /// Seals `payload` with the master key and replaces `url` with it atomically; with `durable`
  /// (keys), the file is on disk before this returns.
  func writeSealed(_ url: URL, magic: [UInt8], payload: [UInt8], associated: [UInt8], durable: Bool = true) throws {
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      let nonce = Crypto.randomBytes(Crypto.nonceBytes)
      let sealed = payload.withUnsafeBytes { Crypto.seal($0, key: masterKey, nonce: nonce, associated: associated) }
      try Durable.replace(url, with: magic + Self.check(masterKey) + nonce + sealed, sync: durable)
    } catch let error as KeystoreError {
      throw error
    } catch {
      throw KeystoreError.unreadable(url.path, "\(error)")
    }
  }

  /// Large files sealed in independent chunks, so they seal and open on every core: each chunk has
  /// its own nonce (the file's random nonce with the chunk's index in its last eight bytes) and its
  /// index, the chunk count and the total length in its associated data, so chunks cannot be
  /// reordered, dropped or cut unnoticed. `magic | check | nonce | chunk size | count | length | chunks`.
  static let chunkSize = 8 << 20

  func writeSealedChunks(_ url: URL, magic: [UInt8], payload: [UInt8], associated: [UInt8]) throws {
    try writeSealedChunks(url, magic: magic, length: payload.count, associated: associated) { write in try payload.withUnsafeBytes(write) }
  }

  /// The same for a payload of `length` bytes that `produce` hands over piece by piece: sealed a
  /// chunk at a time as it comes, so a payload of a few hundred megabytes is never held whole.
  func writeSealedChunks(
    _ url: URL, magic: [UInt8], length: Int, associated: [UInt8], produce: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void
  ) throws {
    let count = max(1, (length + Self.chunkSize - 1) / Self.chunkSize)
    let nonce = Crypto.randomBytes(Crypto.nonceBytes)
    var header = magic + Self.check(masterKey) + nonce
    for number in [Self.chunkSize, count, length] { withUnsafeBytes(of: UInt64(number).bigEndian) { header.append(contentsOf: $0) } }
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Durable.stream(url) { write in
      // `produce` hands pieces that are sealed and written as chunks fill: the writer outlives no call.
      try withoutActuallyEscaping(write) { put in
        try header.withUnsafeBytes(put)
        var chunk: [UInt8] = []
        chunk.reserveCapacity(Self.chunkSize)
        var sealed = [UInt8](repeating: 0, count: Self.chunkSize + Crypto.tagBytes)
        var index = 0
        var total = 0
        func seal() throws {
          guard index < count else { throw KeystoreError.unreadable(url.path, "more data than announced") }
          let chunkNonce = Self.chunkNonce(nonce, index)
          let chunkAssociated = Self.chunkAssociated(associated, index, count, length)
          let size = chunk.count + Crypto.tagBytes
          sealed.withUnsafeMutableBytes { out in
            masterKey.withUnsafeBytes { key in
              chunkNonce.withUnsafeBytes { nonce in
                chunkAssociated.withUnsafeBytes { associated in
                  chunk.withUnsafeBytes { plain in
                    Crypto.seal(
                      into: UnsafeMutableRawBufferPointer(rebasing: out[0..<size]), plain, key: key, nonce: nonce, associated: associated)
                  }
                }
              }
            }
          }
          try sealed.withUnsafeBytes { try put(UnsafeRawBufferPointer(rebasing: $0[0..<size])) }
          chunk.removeAll(keepingCapacity: true)
          index += 1
        }
        try produce { piece in
          var offset = 0
          while offset < piece.count {
            let take = min(Self.chunkSize - chunk.count, piece.count - offset)
            chunk.append(contentsOf: UnsafeRawBufferPointer(rebasing: piece[offset..<(offset + take)]))
            offset += take
            total += take
            if chunk.count == Self.chunkSize { try seal() }
          }
        }
        if !chunk.isEmpty || index == 0 { try seal() }
        guard total == length, index == count else {
          throw KeystoreError.unreadable(url.path, "\(total) bytes written of \(length) announced")
        }
        return true
      }
    }
  }

  /// The payload of a file `writeSealedChunks` wrote, opened on every core; nil when there is no file.
  func readSealedChunks(_ url: URL, magic: [UInt8], associated: [UInt8]) throws -> [UInt8]? {
    guard var data = try Durable.read(url) else { return nil }
    let header = magic.count + 16 + Crypto.nonceBytes + 24
    guard data.count >= header, Array(data.prefix(magic.count)) == magic else { throw KeystoreError.damaged(url.path) }
    guard Crypto.equal(Array(data[magic.count..<(magic.count + 16)]), Self.check(masterKey)) else {
      throw KeystoreError.wrongMasterKey(url.path)
    }
    let nonce = Array(data[(magic.count + 16)..<(magic.count + 16 + Crypto.nonceBytes)])
    func number(_ index: Int) -> Int {
      data.withUnsafeBytes {
        Int(UInt64(bigEndian: $0.loadUnaligned(fromByteOffset: magic.count + 16 + Crypto.nonceBytes + 8 * index, as: UInt64.self)))
      }
    }
    let (size, count, length) = (number(0), number(1), number(2))
    guard size == Self.chunkSize, count == max(1, (length + size - 1) / size), data.count == header + length + count * Crypto.tagBytes
    else {
      throw KeystoreError.damaged(url.path)
    }
    let key = masterKey
    let opened = data.withUnsafeMutableBytes { raw -> Bool in
      nonisolated(unsafe) let buffer = raw
      return !Parallel.each(count) { index -> Bool in
        let plainCount = min(size, length - index * size)
        let start = header + index * (size + Crypto.tagBytes)
        let chunkNonce = Self.chunkNonce(nonce, index)
        let chunkAssociated = Self.chunkAssociated(associated, index, count, length)
        return
          (try? key.withUnsafeBytes { key in
            try chunkNonce.withUnsafeBytes { nonce in
              try chunkAssociated.withUnsafeBytes { associated in
                try Crypto.openInPlace(
                  UnsafeMutableRawBufferPointer(rebasing: buffer[start..<(start + plainCount + Crypto.tagBytes)]), key: key, nonce: nonce,
                  associated: associated)
              }
            }
          }) == plainCount
      }.contains(false)
    }
    guard opened else { throw KeystoreError.damaged(url.path) }
    // Each chunk's plain text now starts where it did sealed: close the gaps its tags leave.
    data.withUnsafeMutableBytes { raw in
      for index in 0..<count {
        let plainCount = min(size, length - index * size)
        (raw.baseAddress! + index * size).copyMemory(
          from: raw.baseAddress! + header + index * (size + Crypto.tagBytes), byteCount: plainCount)
      }
    }
    data.removeLast(data.count - length)
    return data
  }

  private static func chunkNonce(_ nonce: [UInt8], _ index: Int) -> [UInt8] {
    var chunk = nonce
    withUnsafeBytes(of: UInt64(index).bigEndian) { for (offset, byte) in $0.enumerated() { chunk[chunk.count - 8 + offset] ^= byte } }
    return chunk
  }

  private static func chunkAssociated(_ associated: [UInt8], _ index: Int, _ count: Int, _ length: Int) -> [UInt8] {
    var out = associated
    for number in [index, count, length] { withUnsafeBytes(of: UInt64(number).bigEndian) { out.append(contentsOf: $0) } }
    return out
  }

  /// Holds the tenant's write lock (an advisory lock on `<tenant>.lock`) until released: keys are
  /// read, changed and saved by one writer at a time.
  static func lock(_ tenant: String, in folder: URL) throws -> FileLock {
    try checkName(tenant)
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      throw KeystoreError.unreadable(folder.path, "\(error.localizedDescription)")
    }
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
    // Entry caches are sealed with the old key too: dropped rather than re-sealed, the next sync rebuilds them.
    for file in files where file.pathExtension == "entries" { try? FileManager.default.removeItem(at: file) }
    return rotated
  }
}

/// Writes files so that a crash leaves either the old or the new content, never a mix.
enum Durable {
  /// The whole file, read straight into one buffer; nil when there is no file.
  static func read(_ url: URL) throws -> [UInt8]? {
    let fd = open(url.path, O_RDONLY)
    guard fd >= 0 else {
      if errno == ENOENT { return nil }
      throw KeystoreError.unreadable(url.path, String(cString: strerror(errno)))
    }
    defer { close(fd) }
    var status = stat()
    guard fstat(fd, &status) == 0 else { throw KeystoreError.unreadable(url.path, String(cString: strerror(errno))) }
    let size = Int(status.st_size)
    var failure: Int32 = 0
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
      var offset = 0
      while offset < size {
        let got = Glibc.read(fd, buffer.baseAddress! + offset, size - offset)
        if got < 0 && errno == EINTR { continue }
        if got <= 0 {
          failure = got < 0 ? errno : EIO
          break
        }
        offset += got
      }
      count = offset
    }
    if failure != 0 { throw KeystoreError.unreadable(url.path, String(cString: strerror(failure))) }
    return bytes
  }

  /// Writes a file through `body`, which hands pieces to the writer it is given, under a temporary
  /// name, and renames it into place when `body` returns true (not synced: for caches, which may
  /// be lost). A large file is never held whole.
  static func stream(_ url: URL, _ body: ((UnsafeRawBufferPointer) throws -> Void) throws -> Bool) throws {
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
    let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { throw KeystoreError.unreadable(temporary.path, String(cString: strerror(errno))) }
    var keep = false
    defer {
      close(fd)
      if keep { rename(temporary.path, url.path) } else { unlink(temporary.path) }
    }
    keep = try body { piece in
      var offset = 0
      while offset < piece.count {
        let written = write(fd, piece.baseAddress! + offset, piece.count - offset)
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else { throw KeystoreError.unreadable(temporary.path, String(cString: strerror(errno))) }
        offset += written
      }
    }
  }

  /// With `exclusive`, fails (errno EEXIST) rather than replace a file that exists.
  static func replace(_ url: URL, with bytes: [UInt8], exclusive: Bool = false, sync: Bool = true) throws {
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
    guard !sync || fsync(fd) == 0, close(fd) == 0, (exclusive ? link(temporary.path, url.path) : rename(temporary.path, url.path)) == 0
    else {
      unlink(temporary.path)
      throw KeystoreError.unreadable(url.path, String(cString: strerror(errno)))
    }
    if exclusive { unlink(temporary.path) }
    guard sync else { return }
    let directory = open(url.deletingLastPathComponent().path, O_RDONLY)
    if directory >= 0 {
      fsync(directory)
      close(directory)
    }
  }
}

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

/// Appends big-endian integers and raw bytes to one growing buffer.
struct ByteWriter {
  private(set) var bytes: [UInt8] = []

  init(capacity: Int) { bytes.reserveCapacity(capacity) }

  mutating func append(_ value: UInt64) { Swift.withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) } }
  /// A key word as it lies in memory (what `Key32` read it from).
  mutating func appendRaw(_ value: UInt64) { Swift.withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) } }
  mutating func append(_ more: [UInt8]) { bytes.append(contentsOf: more) }
}

/// Reads fixed-size fields from the front of a byte buffer.
struct ByteReader {
  private let bytes: UnsafeRawBufferPointer
  private var position = 0

  init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

  var atEnd: Bool { position == bytes.count }

  mutating func take(_ count: Int) -> [UInt8]? {
    guard count >= 0, bytes.count - position >= count else { return nil }
    defer { position += count }
    return Array(bytes[position..<(position + count)])
  }

  mutating func uint64() -> UInt64? { raw().map { UInt64(bigEndian: $0) } }

  /// Eight bytes as they lie in memory.
  mutating func raw() -> UInt64? {
    guard bytes.count - position >= 8 else { return nil }
    defer { position += 8 }
    return bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)
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
