import PeopleSyncCore
import PeopleSyncCrypto

/// Encrypts one tenant's personal data: entries under their person's key, deterministically
/// (the nonce is a keyed hash of the content, so an unchanged entry keeps its blob), and each
/// snapshot under a key of its own.
final class EncryptingCodec: BlobCodec, @unchecked Sendable {
  let keys: TenantKeys
  /// Today, for dating new snapshot keys.
  let today: Day
  /// The header of every entry of this tenant, up to the key id.
  private let personPrefix: [UInt8]

  init(keys: TenantKeys, today: Day) {
    self.keys = keys
    self.today = today
    personPrefix = SealedBlob.prefix(kind: .person, tenant: keys.tenant)
  }

  func encode(_ plain: [UInt8], kind: BlobKind) throws -> [UInt8] {
    switch kind {
    case .entry(_, let id):
      // A purged entry holds nothing personal, and its key is gone: it stays readable as is.
      guard EntryFormat.holdsPersonalData(plain) else { return plain }
      return sealEntry(plain, id: id, key: keys.personKeyCreating(id))
    case .scimResource(_, let id):
      // Sealed like an entry (deterministic, a key table entry of its own), so every reader that
      // opens entries, textconv included, opens SCIM resources without knowing what they are.
      return sealEntry(plain, id: id, key: keys.personKeyCreating(id))
    case .snapshot(_, let source):
      let (keyID, key) = keys.newSnapshotKey(source: source, on: today)
      let header = SealedBlob.snapshotHeader(tenant: keys.tenant, source: source, keyID: keyID)
      return Self.assemble(header: header, plain: plain) { nonce, associated, sealed in
        Crypto.randomBytes(Crypto.nonceBytes).withUnsafeBytes { nonce.copyMemory(from: $0) }
        key.withUnsafeBytes { key in
          plain.withUnsafeBytes { Crypto.seal(into: sealed, $0, key: key, nonce: UnsafeRawBufferPointer(nonce), associated: associated) }
        }
      }
    }
  }

  func encodeForComparison(_ plain: [UInt8], kind: BlobKind) -> [UInt8]? {
    guard case .entry(_, let id) = kind else { return nil }
    guard EntryFormat.holdsPersonalData(plain) else { return plain }
    guard let key = keys.personKey(id) else { return nil }
    return sealEntry(plain, id: id, key: key)
  }

  /// Runs once per person per sync (a million times for a million people): one buffer, no
  /// other allocation.
  private func sealEntry(_ plain: [UInt8], id: PersonID, key: Key32) -> [UInt8] {
    var header = personPrefix
    header.append(contentsOf: SealedBlob.keyID(id, tag: key.tag))
    return Self.assemble(header: header, plain: plain) { nonce, associated, sealed in
      Self.withEntryKeys(key) { sivKey, encryptionKey in
        plain.withUnsafeBytes { plain in
          Crypto.keyedHash(into: nonce, key: sivKey, plain)
          Crypto.seal(into: sealed, plain, key: encryptionKey, nonce: UnsafeRawBufferPointer(nonce), associated: associated)
        }
      }
    }
  }

  /// `header | nonce | sealed`, with `fill` writing the nonce and the sealed part in place.
  private static func assemble(
    header: [UInt8], plain: [UInt8],
    _ fill: (_ nonce: UnsafeMutableRawBufferPointer, _ associated: UnsafeRawBufferPointer, _ sealed: UnsafeMutableRawBufferPointer) -> Void
  ) -> [UInt8] {
    let total = header.count + Crypto.nonceBytes + plain.count + Crypto.tagBytes
    return [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
      let out = UnsafeMutableRawBufferPointer(buffer)
      header.withUnsafeBytes { out.copyMemory(from: $0) }
      let sealedStart = header.count + Crypto.nonceBytes
      fill(
        UnsafeMutableRawBufferPointer(rebasing: out[header.count..<sealedStart]), UnsafeRawBufferPointer(rebasing: out[0..<header.count]),
        UnsafeMutableRawBufferPointer(rebasing: out[sealedStart...]))
      count = total
    }
  }

  // Domain separation: a person key yields the nonce key and the encryption key (HChaCha20).
  static let sivContext = Array("peoplesync:siv:1".utf8)
  static let encryptionContext = Array("peoplesync:enc:1".utf8)

  /// The person's nonce key and encryption key, wiped when `body` returns.
  static func withEntryKeys<T>(_ key: Key32, _ body: (_ siv: UnsafeRawBufferPointer, _ encryption: UnsafeRawBufferPointer) throws -> T)
    rethrows -> T
  {
    try withUnsafeTemporaryAllocation(byteCount: 2 * Crypto.keyBytes, alignment: 16) { subkeys in
      defer { Crypto.wipe(subkeys) }
      let siv = UnsafeMutableRawBufferPointer(rebasing: subkeys[0..<Crypto.keyBytes])
      let encryption = UnsafeMutableRawBufferPointer(rebasing: subkeys[Crypto.keyBytes...])
      key.withUnsafeBytes { key in
        sivContext.withUnsafeBytes { Crypto.deriveKey(into: siv, key: key, context: $0) }
        encryptionContext.withUnsafeBytes { Crypto.deriveKey(into: encryption, key: key, context: $0) }
      }
      return try body(UnsafeRawBufferPointer(siv), UnsafeRawBufferPointer(encryption))
    }
  }

  func decode(_ stored: [UInt8], kind: BlobKind) throws -> [UInt8] { try Self.open(stored, keys: keys, keystore: "", binding: kind) }

  static func open(_ stored: [UInt8], keys: TenantKeys, keystore: String, binding: BlobKind?) throws -> [UInt8] {
    try stored.withUnsafeBytes { try open($0, keys: keys, keystore: keystore, binding: binding) }
  }

  /// Opens a sealed blob with `keys`; plain bytes pass through. `binding` says where the blob was
  /// found (its tenant and person, resource or source): a blob sealed for anywhere else is refused
  /// before it is decrypted. Only an operator's own tool (textconv) opens without one.
  static func open(_ stored: UnsafeRawBufferPointer, keys: TenantKeys, keystore: String, binding: BlobKind?) throws -> [UInt8] {
    guard SealedBlob.isSealed(stored) else { return Array(stored) }
    guard let blob = SealedBlob.parse(stored) else { throw DataProtectionError.damaged("a blob of tenant \(keys.tenant)") }
    guard blob.tenant == keys.tenant else {
      throw DataProtectionError.misplaced(
        binding?.description ?? "a sealed blob read for tenant \(keys.tenant)", why: "sealed for another tenant")
    }
    // Which key is missing or erased says more than where the blob is; a present key never
    // opens a blob found anywhere but where it was sealed for.
    func checkPlace() throws {
      if let binding, let why = blob.mismatch(binding) { throw DataProtectionError.misplaced(binding.description, why: why) }
    }
    let header = UnsafeRawBufferPointer(rebasing: stored[0..<blob.headerCount])
    let nonce = UnsafeRawBufferPointer(rebasing: stored[blob.nonceRange])
    let sealed = UnsafeRawBufferPointer(rebasing: stored[blob.sealedStart...])
    switch blob.kind {
    case .person:
      let id = blob.personID
      guard let key = keys.personKey(id), key.tag == blob.keyTag else {
        // A key of this person that is not the current one was destroyed at an earlier purge.
        if keys.erased.contains(id) { throw DataProtectionError.erased("person \(id)") }
        throw DataProtectionError.missingKey("person \(id) of tenant \(keys.tenant)", keystore: keystore)
      }
      try checkPlace()
      do {
        return try withEntryKeys(key) { _, encryptionKey in
          try Crypto.open(sealed, key: encryptionKey, nonce: nonce, associated: header)
        }
      } catch {
        throw DataProtectionError.damaged("the entry of person \(id) of tenant \(keys.tenant)")
      }
    case .snapshot:
      guard let key = keys.snapshotKey(blob.keyID) else {
        if keys.erasedSnapshots.contains(blob.keyID) { throw DataProtectionError.erased("this snapshot of tenant \(keys.tenant)") }
        throw DataProtectionError.missingKey("a snapshot of tenant \(keys.tenant)", keystore: keystore)
      }
      try checkPlace()
      do {
        return try key.withUnsafeBytes { try Crypto.open(sealed, key: $0, nonce: nonce, associated: header) }
      } catch {
        throw DataProtectionError.damaged("a snapshot of tenant \(keys.tenant)")
      }
    }
  }
}
