import Foundation
import GitKit

extension SCIMStore {
  /// Brings the server up to date with what other processes did since the last request: tokens
  /// revoked or minted by `scim-token`, users erased by a `sync` that purged the people they
  /// stood for. Call it before each request; it costs a `stat` unless something changed (see
  /// `BranchWatch`). When it throws, nothing may be served: the tokens may be stale.
  package func catchUp() throws {
    let repository = watchRepository
    let branch = self.branch
    try watch.check(readHead: { try repository.referenceTarget(branch) }) { change in
      switch change {
      case .branch(let head, let since):
        // A handle of its own for each reload: a long-lived one would keep packs merged away
        // since open (and their disk space taken). Rare enough for the cost of opening one.
        try tokens.reload(repository: try Repository.open(at: repository.gitDirectory), head: head)
        // What the person cache read of another process's commits may since have been erased,
        // and a sync reads back whatever it needs: nothing of it is kept across such a move.
        app.caches.scimPeople.forget(gitDirectory: self.repository.gitDirectory)
        try forgetErasedEverywhere()
        if let head { try forgetRemoved(from: since, to: head, repository: try Repository.open(at: repository.gitDirectory)) }
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

  /// Stops serving the users of plain tenants whose files are at `old` but no longer at `new` (a
  /// purge removed them: `SCIMPurge`), and drops them from groups' members, so that no later write
  /// of a group brings them back.
  func forgetRemoved(from old: ObjectID?, to new: ObjectID, repository: Repository) throws {
    guard let old, old != new else { return }
    let (oldTree, newTree) = (try repository.commit(old).tree, try repository.commit(new).tree)
    for tenant in lock.withLock({ Array(tenants.values) }) where tenant.sealer == nil {
      let folder = tenant.folder(.users)
      func ids(_ tree: ObjectID) throws -> Set<String> {
        guard let users = try repository.subtree(of: tree, at: folder) else { return [] }
        return Set(
          try SCIMLayout.files(in: users, folder: folder, repository: repository).map { SCIMResourceKeys.resourceID(path: $0.path) })
      }
      let removed = try ids(oldTree).subtracting(try ids(newTree))
      guard !removed.isEmpty else { continue }
      tenant.lock.lock()
      defer { tenant.lock.unlock() }
      for id in removed { tenant.set(.users, id, nil) }
      for (groupID, group) in tenant.resources(.groups) {
        guard var object = group.objectValue, let members = object["members"]?.arrayValue else { continue }
        let kept = members.filter { member in member.objectValue?["value"]?.stringValue.map { !removed.contains($0) } ?? true }
        guard kept.count != members.count else { continue }
        object["members"] = .array(kept)
        tenant.set(.groups, groupID, .object(object))
      }
    }
  }
}
