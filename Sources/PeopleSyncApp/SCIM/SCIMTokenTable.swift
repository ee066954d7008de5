import Foundation
import GitKit
import PeopleSyncCore

/// The bearer-token hashes of every tenant at the branch head, held in memory and read again when
/// another process moves the branch (`BranchWatch`). A request's token is checked here without
/// git, without the store's lock, and the same way whether its tenant exists or not: a wrong
/// token and an unknown tenant get the same answer for the same work.
final class SCIMTokenTable: @unchecked Sendable {
  /// One tenant's hashes, and its folder's tree they were read from: unchanged, it is not read again.
  private struct Entry {
    let folder: ObjectID
    let hashes: [String]
  }

  private let lock = NSLock()
  private var tenants: [String: Entry] = [:]

  /// Whether `token` is one of `tenant`'s. Every hash is compared in full, in constant time.
  func accepts(_ token: String, tenant: String) -> Bool {
    let hash = SCIMTokens.hash(token)
    let hashes = lock.withLock { tenants[tenant]?.hashes } ?? []
    var found = false
    for known in hashes where SCIMTokens.constantTimeEqual(known, hash) { found = true }
    return found
  }

  /// Reads the tokens of every tenant at `head` (none without one): only the folders of tenants
  /// changed since the last read are looked into.
  func reload(repository: Repository, head: ObjectID?) throws {
    var next: [String: Entry] = [:]
    let known = lock.withLock { tenants }
    if let head, let root = try repository.entry(in: try repository.commit(head).tree, path: "tenants"), root.kind == .tree {
      try repository.forEachEntry(of: root.id) { folder in
        guard folder.kind == .tree, ConfigReader.isValidTenantID(folder.name) else { return }
        if let entry = known[folder.name], entry.folder == folder.id {
          next[folder.name] = entry
          return
        }
        let file = try repository.entry(in: folder.id, path: SCIMTokens.fileName)
        let hashes = try file.map { try SCIMTokens.hashes(in: try repository.blob($0.id)) } ?? []
        next[folder.name] = Entry(folder: folder.id, hashes: hashes)
      }
    }
    lock.withLock { tenants = next }
  }
}
