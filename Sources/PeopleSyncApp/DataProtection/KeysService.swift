import Foundation
import GitKit
import PeopleSyncCore

/// `textconv`, `keys status` and `keys rotate-master`: the keystore as operators meet it.
package final class KeysService: AppService {
  package let app: AppContext

  package init(_ app: AppContext) { self.app = app }

  /// The plain text of a stored blob, for `git diff` and `git log -p`; "erased" when its key was destroyed.
  package func textconv(_ stored: [UInt8]) throws -> [UInt8] {
    let protection = app.protection(writing: false)
    do {
      return try protection.open(stored, binding: nil)
    } catch DataProtectionError.erased(let what) {
      return Array("(erased: \(what) is unreadable; its key was destroyed)\n".utf8)
    }
  }

  /// The keystore's location and what it holds per tenant.
  package func status() throws -> (location: String, tenants: [KeyStatus]) {
    let protection = app.protection(writing: false)
    let store = try protection.keystore(creating: false)
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: store.folder.path)) ?? [])
      .filter { $0.hasSuffix(".keys") }.map { String($0.dropLast(5)) }.sorted()
    let head = try repository.referenceTarget(try repository.headBranch()).map { try repository.commit($0).tree }
    let tenants = try names.compactMap { name -> KeyStatus? in
      guard let keys = try store.load(name) else { return nil }
      var resources = Set(keys.scimDeleted.keys)
      if let head { resources.formUnion(try resourceKeyIDs(name, keys: keys, tree: head)) }
      let held = resources.filter { keys.personKey($0) != nil }.count
      return KeyStatus(
        tenant: name, personKeys: keys.persons.count - held, resourceKeys: held, erasedPeople: keys.erased.count,
        snapshotKeys: keys.snapshots.count, erasedSnapshots: keys.erasedSnapshots.count)
    }
    return (store.location, tenants)
  }

  /// The key ids of the SCIM resource files of `tenant` in `tree`, from their paths (nothing is opened).
  private func resourceKeyIDs(_ tenant: String, keys: TenantKeys, tree: ObjectID) throws -> [PersonID] {
    guard let folder = try repository.subtree(of: tree, at: "tenants/\(tenant)/sources") else { return [] }
    // Every source folder is SCIM's: the other sources are files.
    var sources: [String] = []
    try repository.forEachEntryInRawTree(folder) { isTree, name, _ in
      if isTree { sources.append(String(decoding: name, as: UTF8.self)) }
    }
    return try sources.flatMap {
      try SCIMResourceKeys.files(tenant: tenant, source: $0, root: tree, secret: keys.secret, repository: repository).map(\.key)
    }
  }

  /// Re-seals the keystore with a new master key; returns how many tenant files were re-sealed.
  package func rotateMaster(to newKey: [UInt8]) throws -> Int {
    let protection = app.protection(writing: true)
    let store = try protection.keystore(creating: false)
    let rotated = try store.rotate(to: newKey)
    // A generated key (the user's, or one beside the keys from earlier versions) is replaced too;
    // a key from the environment is the operator's to change.
    guard settings.keys.masterKey == nil, settings.keys.masterKeyFile == nil else { return rotated }
    let candidates =
      [store.folder.appendingPathComponent("master.key")]
      + [settings.keys.userMasterKeyFile].compactMap { $0 }.map(URL.init(fileURLWithPath:))
    if let local = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) {
      try Durable.replace(local, with: Array(newKey.map { String(format: "%02x", $0) }.joined().utf8) + [0x0A])
    }
    return rotated
  }

  /// Parses a master key given as 64 hexadecimal characters or 32 raw bytes.
  package static func parseKey(_ bytes: [UInt8]) -> [UInt8]? { DataProtection.parseKey(bytes) }
}
