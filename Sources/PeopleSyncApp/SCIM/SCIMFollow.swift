import GitKit
import PeopleSyncCore

extension SCIMStore {
  /// One sync of `tenant`'s directory (`SyncRun`), planned on the follower's `repository` handle
  /// while the committer goes on committing writes, then committed by the committer between two
  /// batches (`CommitterPublisher`).
  func followSync(_ tenant: String, repository: Repository) throws -> SyncOutcome {
    let branch = try context("reading HEAD") { try repository.headBranch() }
    // The server's writes just changed the inputs: no unchanged last sync to look for.
    let request = SyncRequest(asOf: nil, overrideSafeguard: false, lookForUnchanged: false)
    let run = SyncRun(app: app.on(repository), tenant: tenant, branch: branch, request: request)
    return try run.run(publishing: CommitterPublisher(committer: committer, repository: repository))
  }
}

/// Publishes the SCIM server's follow-sync through its group committer.
///
/// The plan is made at the branch head of the moment (commit P). Writes committed since change
/// only SCIM files, so the sync commit goes on the newest head with the tenant's directory as
/// planned, and names P in a `PeopleSync-Planned-On` trailer: `replay` plans at P again. When the
/// directory itself moved since P (another sync, a push), nothing is committed and the run plans again.
struct CommitterPublisher: SyncPublisher {
  let committer: GroupCommitter
  /// The follower's handle, which planned the sync.
  let repository: Repository

  var maxAttempts: Int { SyncRun.maxAttempts }
  var pushedTo: String? { nil }

  func publish(_ prepared: PreparedSync, on head: ObjectID, attempt: Int, keys: DataProtection) throws -> (
    commit: ObjectID, tree: ObjectID
  )? {
    // The keys are saved: let them go before waiting for the committer, which takes them to
    // persist an encrypted tenant's new SCIM keys (it would wait for us, and we for it). A sync
    // elsewhere that gets them first moves the directory, and this plan is then made again.
    keys.release(prepared.tenant)
    let folder = "tenants/\(prepared.tenant)/directory"
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
    guard let made else { return nil }
    return (made, try repository.commit(made).tree)
  }

  func planning() {}

  func finished(_ prepared: PreparedSync) {}

  func contention(_ tenant: String) -> Error? { nil }
}
