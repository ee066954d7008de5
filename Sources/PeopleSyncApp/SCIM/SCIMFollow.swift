import GitKit
import PeopleSyncCore

extension SCIMStore {
  /// One sync of `tenant`'s directory, planned on the follower's `repository` handle while the
  /// committer goes on committing writes, then committed by the committer between two batches.
  ///
  /// The plan is made at the branch head of the moment (commit P). Writes committed since change
  /// only SCIM files, so the sync commit goes on the newest head with the tenant's directory as
  /// planned, and names P in a `PeopleSync-Planned-On` trailer: `replay` plans at P again. When the
  /// directory itself moved since P (another sync, a push), nothing is committed and it plans again.
  func followSync(_ tenant: String, repository: Repository) throws -> SyncOutcome {
    let service = SyncService(repository: repository, settings: settings)
    let protection = settings.protection(for: repository, writing: true)
    let branch = try context("reading HEAD") { try repository.headBranch() }
    let folder = "tenants/\(tenant)/directory"
    for attempt in 0..<SyncService.maxAttempts {
      defer { protection.release(tenant) }
      guard let head = try repository.referenceTarget(branch) else { throw AppError.repository("\(branch) has no commits") }
      let prepared: PreparedSync
      switch try service.prepare(tenant, at: head, asOf: nil, overrideSafeguard: false, lookForUnchanged: false, protection: protection) {
      case .done(let outcome): return outcome.retried(attempt)
      case .prepared(let sync): prepared = sync
      }
      // The keys are saved: let them go before waiting for the committer, which takes them to
      // persist an encrypted tenant's new SCIM keys (it would wait for us, and we for it). A sync
      // elsewhere that gets them first moves the directory, and this plan is then made again.
      protection.release(tenant)
      let planned = try repository.subtree(of: prepared.tree, at: folder)
      let before = try prepared.base.tree.flatMap { try repository.subtree(of: $0, at: folder) }
      let made = try committer.commitBuilt { repository, head, headTree, writer in
        guard let head, let headTree else { return nil }
        if head == prepared.base.commit { return (prepared.tree, prepared.message(nil)) }
        guard try repository.subtree(of: headTree, at: folder) == before else { return nil }
        var editor = TreeEditor()
        if let planned { editor.setTree(folder, to: planned) } else { editor.remove(folder) }
        try prepared.scimPurge(headTree, repository, writer, &editor)
        return (try editor.write(base: headTree, repository: repository, writer: writer), prepared.message(prepared.base.commit))
      }
      if let made {
        defer { protection.release(tenant) }
        try prepared.published(tree: try repository.commit(made).tree, repository: repository, protection: protection)
        return SyncOutcome(plan: prepared.plan, result: .committed(made), objectsWritten: prepared.objectsWritten, retries: attempt)
      }
    }
    throw AppError.contention("\(branch) kept moving during \(SyncService.maxAttempts) attempts to sync \(tenant); nothing was committed")
  }
}
