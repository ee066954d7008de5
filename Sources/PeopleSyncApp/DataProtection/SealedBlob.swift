import PeopleSyncCore
import PeopleSyncCrypto

/// The stored form of an encrypted blob, self-describing so any tool holding the keystore
/// (including the git textconv driver) can open it:
///
///     0x00 "PSE" 0x01 | kind ('p' person entry, 's' snapshot) | tenant length, tenant |
///     key id (16 bytes) | nonce (24 bytes) | XChaCha20-Poly1305 ciphertext and tag
///
/// The leading NUL keeps it from ever being read as CSV or JSON. The header is authenticated
/// with the content, so a blob cannot be moved to another tenant or person unnoticed.
struct SealedBlob {
  enum Kind: UInt8 {
    case person = 0x70
    case snapshot = 0x73
  }

  static let magic: [UInt8] = [0x00, 0x50, 0x53, 0x45, 0x01]
  /// Enough leading bytes to hold any header (with an empty ciphertext).
  static let headerLimit = 5 + 2 + 255 + 16 + 24 + 16

  let kind: Kind
  let tenant: String
  let keyID: [UInt8]
  /// Where the parts are in the bytes that were parsed.
  let headerCount: Int
  var nonceRange: Range<Int> { headerCount..<(headerCount + Crypto.nonceBytes) }
  var sealedStart: Int { headerCount + Crypto.nonceBytes }

  /// True when `bytes` start like a sealed blob.
  static func isSealed(_ bytes: UnsafeRawBufferPointer) -> Bool {
    bytes.count >= magic.count && zip(bytes, magic).allSatisfy { $0 == $1 }
  }

  /// The header up to the key id: the same for every blob of a kind and tenant.
  static func prefix(kind: Kind, tenant: String) -> [UInt8] {
    let name = Array(tenant.utf8)
    return magic + [kind.rawValue, UInt8(name.count)] + name
  }

  static func header(kind: Kind, tenant: String, keyID: [UInt8]) -> [UInt8] { prefix(kind: kind, tenant: tenant) + keyID }

  /// Parses the header; nil when the bytes are not a complete sealed blob.
  static func parse(_ bytes: UnsafeRawBufferPointer) -> SealedBlob? {
    guard bytes.count > magic.count + 2, isSealed(bytes), let kind = Kind(rawValue: bytes[magic.count]) else { return nil }
    let keyStart = magic.count + 2 + Int(bytes[magic.count + 1])
    let headerCount = keyStart + 16
    guard bytes.count >= headerCount + Crypto.nonceBytes + Crypto.tagBytes else { return nil }
    return SealedBlob(
      kind: kind, tenant: String(decoding: bytes[(magic.count + 2)..<keyStart], as: UTF8.self), keyID: Array(bytes[keyStart..<headerCount]),
      headerCount: headerCount)
  }

  static func parse(_ bytes: [UInt8]) -> SealedBlob? { bytes.withUnsafeBytes { parse($0) } }

  /// Writes the 16-byte key id of a person's key, their id then the key's tag, big-endian.
  static func writeKeyID(_ id: PersonID, tag: UInt64, into out: UnsafeMutableRawBufferPointer) {
    out.storeBytes(of: id.value.bigEndian, toByteOffset: 0, as: UInt64.self)
    out.storeBytes(of: tag.bigEndian, toByteOffset: 8, as: UInt64.self)
  }

  static func keyID(_ id: PersonID, tag: UInt64) -> [UInt8] {
    [UInt8](unsafeUninitializedCapacity: 16) { buffer, count in
      writeKeyID(id, tag: tag, into: UnsafeMutableRawBufferPointer(buffer))
      count = 16
    }
  }

  var personID: PersonID { PersonID(keyID.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }) }
  var keyTag: UInt64 { keyID.suffix(8).reduce(0) { $0 << 8 | UInt64($1) } }
}
