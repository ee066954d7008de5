import Foundation
import GitKit
import PeopleSyncCore

/// What `keys status` reports for one tenant.
public struct KeyStatus {
  public let tenant: String
  public let personKeys: Int
  public let erasedPeople: Int
  public let snapshotKeys: Int
  public let erasedSnapshots: Int
}

/// `textconv`, `keys status` and `keys rotate-master`: the keystore as operators meet it.
public final class KeysService {
  public let repository: Repository
  let settings: Settings

  public init(repository: Repository, settings: Settings) {
    self.repository = repository
    self.settings = settings
  }

  /// The plain text of a stored blob, for `git diff` and `git log -p`; "erased" when its key was destroyed.
  public func textconv(_ stored: [UInt8]) throws -> [UInt8] {
    let protection = settings.protection(for: repository, writing: false)
    do {
      return try protection.open(stored)
    } catch DataProtectionError.erased(let what) {
      return Array("(erased: \(what) is unreadable; its key was destroyed)\n".utf8)
    }
  }

  /// The keystore's location and what it holds per tenant.
  public func status() throws -> (location: String, tenants: [KeyStatus]) {
    let protection = settings.protection(for: repository, writing: false)
    let store = try protection.keystore(creating: false)
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: store.folder.path)) ?? [])
      .filter { $0.hasSuffix(".keys") }.map { String($0.dropLast(5)) }.sorted()
    let tenants = try names.compactMap { name -> KeyStatus? in
      guard let keys = try store.load(name) else { return nil }
      return KeyStatus(
        tenant: name, personKeys: keys.persons.count, erasedPeople: keys.erased.count, snapshotKeys: keys.snapshots.count,
        erasedSnapshots: keys.erasedSnapshots.count)
    }
    return (store.location, tenants)
  }

  /// Re-seals the keystore with a new master key; returns how many tenant files were re-sealed.
  public func rotateMaster(to newKey: [UInt8]) throws -> Int {
    let protection = settings.protection(for: repository, writing: true)
    let store = try protection.keystore(creating: false)
    let rotated = try store.rotate(to: newKey)
    // A generated local key is replaced too; a key from the environment is the operator's to change.
    let local = store.folder.appendingPathComponent("master.key")
    if settings.keys.masterKey == nil, settings.keys.masterKeyFile == nil, FileManager.default.fileExists(atPath: local.path) {
      try Durable.replace(local, with: Array(newKey.map { String(format: "%02x", $0) }.joined().utf8) + [0x0A])
    }
    return rotated
  }

  /// Parses a master key given as 64 hexadecimal characters or 32 raw bytes.
  public static func parseKey(_ bytes: [UInt8]) -> [UInt8]? { DataProtection.parseKey(bytes) }
}
