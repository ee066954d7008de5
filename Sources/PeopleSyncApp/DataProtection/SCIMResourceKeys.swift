import GitKit
import PeopleSyncCore
import PeopleSyncCrypto

/// Which key seals a SCIM resource file of an encrypted tenant, and when it is destroyed.
///
/// Each resource (a User or a Group) has a key of its own, kept in the tenant's key table beside
/// the person keys, under an id derived from the resource's id with the tenant's secret. Not the
/// person's own key: which directory person a SCIM user stands for is decided by the sync (merged
/// with the CSV feed by email or Employee ID, matched by the planner's history), which the server
/// cannot know when it writes; and with a key per resource, every version of the resource, before
/// and after an email change, is under one key that one destruction erases. The key is destroyed:
/// - by the sync that purges the person a stored user stands for (the users matched to the purged
///   entry by email or employee number, as the merge matches them), with the person's own key;
/// - for a deleted resource, by the first sync the replay window (the quarantine, by default)
///   after the deletion: the sync that purges the person the deletion deprovisioned.
enum SCIMResourceKeys {
  static let domain = Array("peoplesync-scim-resource\u{0}".utf8)

  /// The key id of resource `id` of kind `kind` (`Users`, `Groups`) of SCIM source `source`.
  static func id(secret: [UInt8], source: String, kind: String, resource id: String) -> PersonID {
    let name = Array("\(source)/\(kind)/\(id)".utf8)
    let digest = domain.withUnsafeBytes { domain in
      name.withUnsafeBytes { name in Crypto.keyedHash(key: secret, domain, name, length: 16) }
    }
    return PersonID(digest.prefix(8).reduce(0) { $0 << 8 | UInt64($1) })
  }

  /// The resource id of a stored file (`…/Users/ab/<id>.json`).
  static func resourceID(path: String) -> String {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    return name.hasSuffix(".json") ? String(name.dropLast(5)) : name
  }

  /// Every Users and Groups file of SCIM source `source` of `tenant` in the root tree `root`,
  /// with the id of the key that seals it (whether it is sealed yet or not).
  static func files(tenant: String, source: String, root: ObjectID, secret: [UInt8], repository: Repository) throws -> [(
    path: String, blob: ObjectID, key: PersonID
  )] {
    var files: [(path: String, blob: ObjectID, key: PersonID)] = []
    for kind in SCIMStore.Kind.allCases {
      let folder = "tenants/\(tenant)/sources/\(source)/\(kind.rawValue)"
      guard let tree = try repository.subtree(of: root, at: folder) else { continue }
      for file in try SCIMLayout.files(in: tree, folder: folder, repository: repository) {
        files.append(
          (file.path, file.id, id(secret: secret, source: source, kind: kind.rawValue, resource: resourceID(path: file.path))))
      }
    }
    return files
  }
}
