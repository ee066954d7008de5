import Foundation
import PeopleSyncCore
import PeopleSyncCrypto

/// The embedded keystore: one file per tenant, sealed with the master key, replaced atomically.
///
/// File layout: `PSKS` and a version byte, a 16-byte check of the master key, a 24-byte
/// nonce, then the sealed payload (tenant secret, person and SCIM resource keys, erased ids,
/// snapshot keys, deleted SCIM resources). A person's key is gone once the file is rewritten without it; older
/// copies of the file (backups) stay readable until the master key is rotated.
package final class LocalKeystore: Keystore, @unchecked Sendable {
  /// The folder holding `<tenant>.keys` and `<tenant>.lock` files.
  package let folder: URL
  private let masterKey: [UInt8]

  /// The folder's path.
  package var location: String { folder.path }

  /// The keystore in `folder`, its files sealed with `masterKey`; the folder is created on first save.
  package init(folder: URL, masterKey: [UInt8]) {
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

  /// The tenant's keys; nil when it has no file. Throws when the master key is not the file's, or the file is damaged.
  package func load(_ tenant: String) throws -> TenantKeys? {
    try Self.checkName(tenant)
    let url = file(tenant)
    guard let payload = try readSealed(url, magic: Self.magic, associated: Array(tenant.utf8)) else { return nil }
    guard let keys = KeyFileFormat.decode(payload, tenant: tenant) else { throw KeystoreError.damaged(url.path) }
    return keys
  }

  /// Replaces the tenant's file atomically and durably: it is on disk when this returns.
  package func save(_ keys: TenantKeys) throws {
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
      // Sealed straight into the file's bytes after its header: a million people's keys or entry
      // records are tens of megabytes, and a sync's peak memory is reached while saving them.
      var file = magic + Self.check(masterKey) + nonce
      let headerCount = file.count
      file += repeatElement(0, count: payload.count + Crypto.tagBytes)
      file.withUnsafeMutableBytes { out in
        masterKey.withUnsafeBytes { key in
          nonce.withUnsafeBytes { nonce in
            associated.withUnsafeBytes { associated in
              payload.withUnsafeBytes { plain in
                Crypto.seal(
                  into: UnsafeMutableRawBufferPointer(rebasing: out[headerCount...]), plain, key: key, nonce: nonce, associated: associated)
              }
            }
          }
        }
      }
      try Durable.replace(url, with: file, sync: durable)
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
    // Private, as the keystore's own folder is: these files may be the first written there.
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
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
  package func rotate(to newKey: [UInt8]) throws -> Int {
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
