import PeopleSyncCore
import PeopleSyncCrypto

/// The stored form of an encrypted blob, self-describing so any tool holding the keystore
/// (including the git textconv driver) can open it:
///
///     0x00 "PSE" version | kind ('p' person entry or SCIM resource, 's' snapshot) | tenant length, tenant |
///     (version 2 snapshots) source length, source | key id (16 bytes) | nonce (24 bytes) |
///     XChaCha20-Poly1305 ciphertext and tag
///
/// The leading NUL keeps it from ever being read as CSV or JSON. The whole header is the
/// associated data, so it cannot be changed unnoticed; readers compare it with where they found
/// the blob (`Binding`), so a blob copied to another tenant, person or source does not open there.
/// Person entries keep version 1: their header already names the tenant and the person (the key id).
struct SealedBlob {
  enum Kind: UInt8 {
    case person = 0x70
    case snapshot = 0x73
  }

  static let signature: [UInt8] = [0x00, 0x50, 0x53, 0x45]
  static let magic: [UInt8] = signature + [0x01]
  /// Snapshots name their source: version 2.
  static let snapshotMagic: [UInt8] = signature + [0x02]
  /// Enough leading bytes to hold any header (with an empty ciphertext).
  static let headerLimit = 5 + 2 + 255 + 1 + 255 + 16 + 24 + 16

  let kind: Kind
  let tenant: String
  /// The source a version 2 snapshot was sealed for; nil for entries and version 1 snapshots.
  let source: String?
  let keyID: [UInt8]
  /// Where the parts are in the bytes that were parsed.
  let headerCount: Int
  var nonceRange: Range<Int> { headerCount..<(headerCount + Crypto.nonceBytes) }
  var sealedStart: Int { headerCount + Crypto.nonceBytes }

  /// True when `bytes` start like a sealed blob (of any version).
  static func isSealed(_ bytes: UnsafeRawBufferPointer) -> Bool {
    bytes.count > signature.count && zip(bytes, signature).allSatisfy { $0 == $1 } && (1...2).contains(bytes[signature.count])
  }

  /// The header up to the key id: the same for every blob of a kind and tenant.
  static func prefix(kind: Kind, tenant: String) -> [UInt8] {
    let name = Array(tenant.utf8)
    return magic + [kind.rawValue, UInt8(name.count)] + name
  }

  static func header(kind: Kind, tenant: String, keyID: [UInt8]) -> [UInt8] { prefix(kind: kind, tenant: tenant) + keyID }

  /// A version 2 snapshot header: bound to its tenant and its source.
  static func snapshotHeader(tenant: String, source: String, keyID: [UInt8]) -> [UInt8] {
    let (name, sourceName) = (Array(tenant.utf8), Array(source.utf8))
    return snapshotMagic + [Kind.snapshot.rawValue, UInt8(name.count)] + name + [UInt8(sourceName.count)] + sourceName + keyID
  }

  /// Parses the header; nil when the bytes are not a complete sealed blob.
  static func parse(_ bytes: UnsafeRawBufferPointer) -> SealedBlob? {
    guard bytes.count > magic.count + 2, isSealed(bytes), let kind = Kind(rawValue: bytes[magic.count]) else { return nil }
    let version = bytes[signature.count]
    guard version == 1 || kind == .snapshot else { return nil }
    let tenantEnd = magic.count + 2 + Int(bytes[magic.count + 1])
    var keyStart = tenantEnd
    var source: String?
    if version == 2 {
      guard bytes.count > tenantEnd else { return nil }
      keyStart = tenantEnd + 1 + Int(bytes[tenantEnd])
      guard bytes.count >= keyStart else { return nil }
      source = String(decoding: bytes[(tenantEnd + 1)..<keyStart], as: UTF8.self)
    }
    let headerCount = keyStart + 16
    guard bytes.count >= headerCount + Crypto.nonceBytes + Crypto.tagBytes else { return nil }
    return SealedBlob(
      kind: kind, tenant: String(decoding: bytes[(magic.count + 2)..<tenantEnd], as: UTF8.self), source: source,
      keyID: Array(bytes[keyStart..<headerCount]), headerCount: headerCount)
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

  /// Nil when this blob may be opened where `binding` says it was found; otherwise why not.
  /// The binding comes from the path the blob was read at, never from the blob.
  func mismatch(_ binding: BlobKind) -> String? {
    switch binding {
    case .snapshot(let tenant, let source):
      guard kind == .snapshot else { return "a sealed directory entry, not a snapshot" }
      guard self.tenant == tenant else { return "sealed for another tenant" }
      // Version 1 snapshots predate the source in the header: they stay readable in their tenant.
      guard self.source == nil || self.source == source else { return "sealed for another source of the tenant" }
    case .entry(let tenant, let id), .scimResource(let tenant, let id):
      guard kind == .person else { return "a sealed snapshot, not an entry" }
      guard self.tenant == tenant else { return "sealed for another tenant" }
      guard personID == id else { return "sealed for another person or resource" }
    }
    return nil
  }
}
