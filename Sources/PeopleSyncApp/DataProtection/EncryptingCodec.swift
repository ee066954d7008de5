import PeopleSyncCore
import PeopleSyncCrypto

/// Why a blob could not be opened.
public enum DataProtectionError: Error, CustomStringConvertible {
  /// The key was destroyed on purpose: the person was purged, or the snapshot left its replay window.
  case erased(String)
  case missingKey(String, keystore: String)
  case damaged(String)
  case notConfigured(String)

  public var description: String {
    switch self {
    case .erased(let what): "\(what) is erased: its key was destroyed"
    case .missingKey(let what, let keystore):
      "no key for \(what) in the keystore at \(keystore): set PEOPLESYNC_KEYSTORE and PEOPLESYNC_MASTER_KEY to the keystore this repository was written with"
    case .damaged(let what): "cannot decrypt \(what): the data or its key is damaged (authentication failed)"
    case .notConfigured(let why): why
    }
  }
}

/// Encrypts one tenant's personal data: entries under their person's key, deterministically
/// (the nonce is a keyed hash of the content, so an unchanged entry keeps its blob), and each
/// snapshot under a key of its own.
final class EncryptingCodec: BlobCodec, @unchecked Sendable {
  let keys: TenantKeys
  /// Today, for dating new snapshot keys.
  let today: Day

  init(keys: TenantKeys, today: Day) {
    self.keys = keys
    self.today = today
  }

  func encode(_ plain: [UInt8], kind: BlobKind) throws -> [UInt8] {
    switch kind {
    case .entry(_, let id):
      // A purged entry holds nothing personal, and its key is gone: it stays readable as is.
      guard EntryFormat.holdsPersonalData(plain) else { return plain }
      let (key, tag) = keys.personKeyCreating(id)
      return sealEntry(plain, id: id, key: key, tag: tag)
    case .snapshot(_, let source):
      let (keyID, key) = keys.newSnapshotKey(source: source, on: today)
      let header = SealedBlob.header(kind: .snapshot, tenant: keys.tenant, keyID: keyID)
      let nonce = Crypto.randomBytes(Crypto.nonceBytes)
      return header + nonce + plain.withUnsafeBytes { Crypto.seal($0, key: key, nonce: nonce, associated: header) }
    }
  }

  func encodeForComparison(_ plain: [UInt8], kind: BlobKind) -> [UInt8]? {
    guard case .entry(_, let id) = kind else { return nil }
    guard EntryFormat.holdsPersonalData(plain) else { return plain }
    guard let (key, tag) = keys.personKey(id) else { return nil }
    return sealEntry(plain, id: id, key: key, tag: tag)
  }

  private func sealEntry(_ plain: [UInt8], id: PersonID, key: [UInt8], tag: UInt64) -> [UInt8] {
    let header = SealedBlob.header(kind: .person, tenant: keys.tenant, keyID: SealedBlob.keyID(id, tag: tag))
    let nonce = Self.sivLabel.withUnsafeBytes { label in
      plain.withUnsafeBytes { Crypto.keyedHash(key: key, label, $0, length: Crypto.nonceBytes) }
    }
    let encryptionKey = Crypto.keyedHash(key: key, Self.encryptionLabel, length: Crypto.keyBytes)
    return header + nonce + plain.withUnsafeBytes { Crypto.seal($0, key: encryptionKey, nonce: nonce, associated: header) }
  }

  // Domain separation: one person key yields the nonce key and the encryption key.
  static let sivLabel = Array("peoplesync-siv\u{0}".utf8)
  static let encryptionLabel = Array("peoplesync-encrypt".utf8)

  func decode(_ stored: [UInt8], kind: BlobKind) throws -> [UInt8] { try Self.open(stored, keys: keys, keystore: "") }

  /// Opens a sealed blob with `keys`; plain bytes pass through.
  static func open(_ stored: [UInt8], keys: TenantKeys, keystore: String) throws -> [UInt8] {
    guard stored.withUnsafeBytes(SealedBlob.isSealed) else { return stored }
    guard let blob = SealedBlob.parse(stored), blob.tenant == keys.tenant else {
      throw DataProtectionError.damaged("a blob of tenant \(keys.tenant)")
    }
    switch blob.kind {
    case .person:
      let id = blob.personID
      guard let (key, tag) = keys.personKey(id), tag == blob.keyTag else {
        // A key of this person that is not the current one was destroyed at an earlier purge.
        if keys.erased.contains(id) { throw DataProtectionError.erased("person \(id)") }
        throw DataProtectionError.missingKey("person \(id) of tenant \(keys.tenant)", keystore: keystore)
      }
      let encryptionKey = Crypto.keyedHash(key: key, encryptionLabel, length: Crypto.keyBytes)
      do {
        return try blob.sealed.withUnsafeBytes { try Crypto.open($0, key: encryptionKey, nonce: blob.nonce, associated: blob.header) }
      } catch {
        throw DataProtectionError.damaged("the entry of person \(id) of tenant \(keys.tenant)")
      }
    case .snapshot:
      guard let key = keys.snapshotKey(blob.keyID) else {
        if keys.erasedSnapshots.contains(blob.keyID) { throw DataProtectionError.erased("this snapshot of tenant \(keys.tenant)") }
        throw DataProtectionError.missingKey("a snapshot of tenant \(keys.tenant)", keystore: keystore)
      }
      do {
        return try blob.sealed.withUnsafeBytes { try Crypto.open($0, key: key, nonce: blob.nonce, associated: blob.header) }
      } catch {
        throw DataProtectionError.damaged("a snapshot of tenant \(keys.tenant)")
      }
    }
  }
}
