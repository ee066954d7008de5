import Foundation
import GitKit

extension SCIMStore {
  /// Brings the server up to date with what other processes did since the last request: tokens
  /// revoked or minted by `scim-token`, users erased by a `sync` that purged the people they
  /// stood for. Call it before each request; it costs a `stat` unless something changed (see
  /// `BranchWatch`). When it throws, nothing may be served: the tokens may be stale.
  public func catchUp() throws {
    let repository = watchRepository
    let branch = self.branch
    try watch.check(readHead: { try repository.referenceTarget(branch) }) { change in
      switch change {
      case .branch(let head):
        // A handle of its own for each reload: a long-lived one would keep packs merged away
        // since open (and their disk space taken). Rare enough for the cost of opening one.
        try tokens.reload(repository: try Repository.open(at: repository.gitDirectory), head: head)
        // What the person cache read of another process's commits may since have been erased,
        // and a sync reads back whatever it needs: nothing of it is kept across such a move.
        SCIMPersonCache.shared.forget(gitDirectory: self.repository.gitDirectory)
        try forgetErasedEverywhere()
      case .keystore:
        try forgetErasedEverywhere()
      }
    }
  }

  private func forgetErasedEverywhere() throws {
    for tenant in lock.withLock({ Array(tenants.keys) }).sorted() { try forgetErased(tenant, always: false) }
  }

  /// Stops serving the users (and groups) of a tenant whose keys were destroyed since its keys were
  /// last read: their files are erased. `always`: read the keys even if the file looks unchanged
  /// (after a purge made by this server).
  func forgetErased(_ id: String, always: Bool) throws {
    guard let tenant = lock.withLock({ tenants[id] }), let sealer = tenant.sealer else { return }
    let erased = try sealer.newlyErased(always: always)
    guard !erased.isEmpty else { return }
    tenant.lock.lock()
    defer { tenant.lock.unlock() }
    for kind in Kind.allCases {
      for (resourceID, _) in tenant.resources(kind) where erased.contains(sealer.keyID(kind, resourceID)) {
        tenant.set(kind, resourceID, nil)
      }
    }
  }
}
