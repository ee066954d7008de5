import Foundation
import GitKit
import PeopleSyncCore

/// The SCIM state of every tenant, kept in memory for reads and committed to git for every write.
///
/// A tenant's SCIM source `okta` lives under `tenants/<t>/sources/okta/`: one file per resource,
/// `Users/<ab>/<c>/<id>.json` and `Groups/…` (`SCIMLayout`), so a write changes a few small
/// objects whatever the tenant's size, and `git log -p` shows each change. The server owns
/// these files: edits made to them by other writers are not seen until it restarts. What other
/// processes do change while it runs, tokens and keys destroyed at a purge, is followed from one
/// request to the next (`catchUp`).
package final class SCIMStore: @unchecked Sendable {
  package enum Kind: String, Sendable, CaseIterable {
    case users = "Users"
    case groups = "Groups"
  }

  /// One tenant's resources; use it only inside `read` or `write`.
  package final class Tenant: @unchecked Sendable {
    package let id: String
    /// The tenant's SCIM source, whose folder holds the resources.
    package let source: String
    package internal(set) var users: [String: JSONValue] = [:]
    package internal(set) var groups: [String: JSONValue] = [:]
    /// Lower-cased userName → id: userName is unique and compared case-insensitively.
    package internal(set) var userNames: [String: String] = [:]
    /// Seals the resource files of an encrypted tenant; nil for a plain one.
    let sealer: SCIMSealer?
    /// Files of an earlier layout (`Users/<ab>/<id>.json`), by kind and id: changed where they are.
    var storedPaths: [String: String] = [:]
    let lock = NSLock()

    init(id: String, source: String, sealer: SCIMSealer? = nil) {
      self.id = id
      self.source = source
      self.sealer = sealer
    }

    package func resources(_ kind: Kind) -> [String: JSONValue] { kind == .users ? users : groups }

    func set(_ kind: Kind, _ id: String, _ value: JSONValue?) {
      guard kind == .users else {
        groups[id] = value
        return
      }
      if let old = users[id]?.objectValue?["userName"]?.stringValue?.lowercased(), userNames[old] == id { userNames[old] = nil }
      users[id] = value
      if let new = value?.objectValue?["userName"]?.stringValue?.lowercased() { userNames[new] = id }
    }

    func path(_ kind: Kind, _ id: String) -> String {
      storedPaths[Self.key(kind, id)] ?? SCIMLayout.path(folder: folder(kind), id: id)
    }

    func folder(_ kind: Kind) -> String { "tenants/\(self.id)/sources/\(source)/\(kind.rawValue)" }

    /// How `storedPaths` names a resource.
    static func key(_ kind: Kind, _ id: String) -> String { kind.rawValue + "/" + id }
  }

  /// The server's context: its caches live as long as the store (`followWithSync` keeps listings).
  let app: AppContext
  var repository: Repository { app.repository }
  var settings: Settings { app.settings }
  let committer: GroupCommitter
  /// The bearer-token hashes of every tenant, as of the last branch move `catchUp` saw.
  let tokens = SCIMTokenTable()
  /// Notices other processes' commits and keystore changes (`catchUp`).
  let watch: BranchWatch
  /// The watch's own handle (libgit2 handles are not shared across threads), used under its lock
  /// only, and for references only: it opens no pack.
  let watchRepository: Repository
  /// The branch served: the one HEAD named at start.
  let branch: String
  /// Guards `tenants` (the tenants loaded so far); held while one is loaded.
  let lock = NSLock()
  private(set) var tenants: [String: Tenant] = [:]

  package init(_ app: AppContext) throws {
    self.app = app
    let (repository, settings) = (app.repository, app.settings)
    let watchRepository = try Repository.open(at: repository.gitDirectory)
    let branch = try repository.headBranch()
    self.watchRepository = watchRepository
    self.branch = branch
    let keystore = app.protection(writing: false).folder.path
    let watch = try BranchWatch(commonDirectory: repository.commonDirectory, branch: branch, keystore: keystore) {
      try watchRepository.referenceTarget(branch)
    }
    self.watch = watch
    // The committer's thread gets a handle of its own: libgit2 handles are not shared across threads.
    committer = try GroupCommitter(
      repository: try Repository.open(at: repository.gitDirectory),
      author: app.author(),
      now: settings.now, observer: watch)
    try tokens.reload(repository: repository, head: try repository.referenceTarget(branch))
  }

  /// Syncs each tenant's directory soon after its SCIM writes are committed, on a thread of its
  /// own while further writes are committed (`followSync`); `report` hears what each did.
  package func followWithSync(report: @escaping @Sendable (String) -> Void) {
    // Each sync lists the tenant's directory: kept listings make that read only what changed.
    app.caches.listings.keep()
    committer.follow = { [weak self] repository, tenants in
      guard let self else { return }
      for tenant in tenants.sorted() {
        do {
          let outcome = try self.followSync(tenant, repository: repository)
          switch outcome.result {
          case .committed(let commit):
            report("\(tenant): directory synced in \(commit.short): \(outcome.plan.summaryLine)")
            guard outcome.plan.changes.contains(where: { $0.kind == .purge }) else { break }
            do {
              try self.forgetErased(tenant, always: true)
              try self.forgetRemoved(from: try repository.commit(commit).parents.first, to: commit, repository: repository)
            } catch {
              report("\(tenant): the purged users are still served until a restart: \(error)")
            }
          case .unchanged: break
          case .blocked: report("\(tenant): directory not synced: \(outcome.plan.blockingErrors.count) errors in the inputs")
          }
          if !outcome.plan.held.isEmpty {
            report(
              "\(tenant): the safeguard holds \(outcome.plan.held.count) deprovisions back (\(outcome.plan.safeguard.explanation)); 'peoplesync status' lists them"
            )
          }
        } catch {
          report("\(tenant): directory not synced: \(error)")
        }
      }
    }
  }

  /// Loads every encrypted tenant with a SCIM source now, so that missing or wrong keys stop the
  /// server at start (exit 7) rather than fail its first requests.
  package func openEncryptedTenants() throws {
    let branch = try repository.headBranch()
    guard let head = try repository.referenceTarget(branch) else { return }
    let reader = try app.reader(at: head)
    for id in try reader.tenantIDs() {
      guard let config = try reader.config(id).config, config.encryption.enabled, config.sources.contains(where: { $0.kind == .scim })
      else { continue }
      _ = try tenant(id)
    }
  }

  /// Waits for queued writes and stops the committer.
  package func close() { committer.stop() }

  /// Commits made so far and the writes they held.
  package var commitCounts: (commits: Int, writes: Int) { (committer.commits, committer.writes) }

  /// The tenant, loaded from the branch head on first use; nil when it does not exist or has no SCIM source.
  package func tenant(_ id: String) throws -> Tenant? {
    guard ConfigReader.isValidTenantID(id) else { return nil }
    let loaded: Tenant? = try lock.withLock {
      if let tenant = tenants[id] { return tenant }
      guard let tenant = try load(id) else { return nil }
      tenants[id] = tenant
      return tenant
    }
    // Outside the store's lock: a refresh holds the watch's lock and then takes the store's.
    // A keystore changed since the tenant was read counts as a change at the next check.
    if loaded?.sealer != nil { watch.watchKeystore() }
    return loaded
  }

  /// Runs `body` with the tenant's resources, under its lock.
  package func read<T>(_ tenant: Tenant, _ body: (Tenant) throws -> T) rethrows -> T {
    tenant.lock.lock()
    defer { tenant.lock.unlock() }
    return try body(tenant)
  }

  /// A change `write` commits: a resource's new content, or nil to delete it.
  package struct Change: Sendable {
    package let kind: Kind
    package let id: String
    package let resource: JSONValue?

    package init(kind: Kind, id: String, resource: JSONValue?) {
      self.kind = kind
      self.id = id
      self.resource = resource
    }
  }

  /// Applies what `body` decides under the tenant's lock (so checks such as a unique userName hold),
  /// then waits until it is committed. A failed commit reloads the tenant from git, so memory never
  /// keeps a write that is not in the repository. `creating`: the changes name only a resource
  /// no other request can know of before this one is answered, so a plain tenant's file is encoded
  /// and queued after the lock is let go (no other write to it can be ordered before or after it).
  package func write<T>(_ tenant: Tenant, summary: String, creating: Bool = false, _ body: (Tenant) throws -> (T, [Change])) throws
    -> T
  {
    tenant.lock.lock()
    let result: T
    let changes: [Change]
    do {
      (result, changes) = try body(tenant)
    } catch {
      tenant.lock.unlock()
      throw error
    }
    guard !changes.isEmpty else {
      tenant.lock.unlock()
      return result
    }
    let paths = changes.map { tenant.path($0.kind, $0.id) }
    let locked = !creating || tenant.sealer != nil
    if !locked {
      for change in changes { tenant.set(change.kind, change.id, change.resource) }
      tenant.lock.unlock()
    }
    // A sealed tenant's files are sealed under its lock, because the order of the queue must be the
    // order memory took the writes; sealing a resource costs a few microseconds, less than encoding it.
    let files: [GroupCommitter.Change]
    do {
      files = try zip(changes, paths).map { try file(for: $0, at: $1, in: tenant) }
    } catch {
      if locked { tenant.lock.unlock() }
      throw error
    }
    if locked { for change in changes { tenant.set(change.kind, change.id, change.resource) } }
    // Queued under the tenant's lock: two writes to one resource are committed in the order memory took them.
    let ticket: GroupCommitter.Ticket
    do {
      ticket = try committer.enqueue(files, summary: "scim \(tenant.id): \(summary)", tenant: tenant.id, prerequisite: tenant.sealer)
      if locked { tenant.lock.unlock() }
    } catch {
      if locked { tenant.lock.unlock() }
      lock.withLock { _ = tenants.removeValue(forKey: tenant.id) }
      throw error
    }
    do {
      try committer.wait(ticket)
    } catch {
      lock.withLock { _ = tenants.removeValue(forKey: tenant.id) }
      throw error
    }
    return result
  }

  /// The file a change writes (or removes), sealed for an encrypted tenant; a user's goes to the
  /// person cache too, so the sync that follows neither reads nor parses it.
  private func file(for change: Change, at path: String, in tenant: Tenant) throws -> GroupCommitter.Change {
    guard let resource = change.resource else {
      tenant.sealer?.delete(change.kind, change.id)
      tenant.storedPaths[Tenant.key(change.kind, change.id)] = nil
      return GroupCommitter.Change(path: path, contents: nil)
    }
    let plain = Array(JSONWriter.pretty(resource).utf8)
    let stored = try tenant.sealer?.seal(plain, change.kind, change.id) ?? plain
    if change.kind == .users {
      app.caches.scimPeople.prime(
        gitDirectory: repository.gitDirectory, folder: tenant.folder(.users), path: path, stored: stored, resource: resource)
    }
    return GroupCommitter.Change(path: path, contents: stored)
  }

  /// Whether `token` is one of the tenant's, as of the last `catchUp`: no git, no store-wide lock,
  /// and the same work for an unknown tenant as for a known one.
  package func accepts(_ token: String, tenant id: String) -> Bool { tokens.accepts(token, tenant: id) }

  /// Seals an encrypted tenant's files; nil for a plain tenant, whose files are stored as written.
  private func sealer(_ config: TenantConfig, source: String) throws -> SCIMSealer? {
    guard config.encryption.enabled else { return nil }
    let settings = self.settings
    return try context("opening the keys of \(config.id)") {
      try SCIMSealer(
        tenant: config.id, source: source, protection: app.protection(writing: true),
        today: { AsOf.today(in: config.timeZone, now: settings.now()) })
    }
  }

  private func load(_ id: String) throws -> Tenant? {
    let branch = try repository.headBranch()
    guard let head = try repository.referenceTarget(branch) else { return nil }
    let reader = try app.reader(at: head)
    guard try reader.tenantIDs().contains(id), let config = try reader.config(id).config,
      let source = config.sources.first(where: { $0.kind == .scim })
    else { return nil }
    let sealer = try self.sealer(config, source: source.name)
    let tenant = Tenant(id: id, source: source.name, sealer: sealer)
    let root = try repository.commit(head).tree
    for kind in Kind.allCases {
      guard let folder = try repository.entry(in: root, path: "tenants/\(id)/sources/\(source.name)/\(kind.rawValue)"), folder.kind == .tree
      else {
        continue
      }
      for (path, file) in try SCIMLayout.files(in: folder.id, folder: tenant.folder(kind), repository: repository)
      where path.hasSuffix(".json") {
        let stored = try repository.blob(file)
        var plain = stored
        if let sealer {
          // An erased resource stood for a purged person: not served, as if deleted.
          guard let opened = try sealer.open(stored, kind: kind, path: path) else { continue }
          plain = opened
        }
        let resource = try context("reading \(path)") { try JSONParser.parse(plain) }
        let resourceID = SCIMResourceKeys.resourceID(path: path)
        tenant.set(kind, resourceID, resource)
        if path != SCIMLayout.path(folder: tenant.folder(kind), id: resourceID) {
          tenant.storedPaths[Tenant.key(kind, resourceID)] = path
        }
      }
    }
    return tenant
  }
}
