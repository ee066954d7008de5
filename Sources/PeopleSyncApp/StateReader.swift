import GitKit
import PeopleSyncCore

/// A tenant's committed inputs at one commit: configuration and snapshots, parsed and validated.
package struct TenantInputs {
  package let tenant: String
  package let config: TenantConfig?
  package let configBlob: ObjectID?
  /// Configuration problems, and file-level or row problems of every snapshot.
  package let diagnostics: [Diagnostic]
  package let snapshots: [Snapshot]
  /// Source name → snapshot blob id, in configuration order.
  package let snapshotBlobs: [(name: String, blob: ObjectID)]
  package let missingSources: [String]
  /// Key ids of the sealed snapshots (whose keys must outlive them); empty when stored as is.
  package let snapshotKeyIDs: [[UInt8]]
  /// Snapshots stored as is, by source name.
  package let plainSnapshots: [String]
  /// Lower-cased emails of people deactivated over SCIM.
  package var scimDeactivated: Set<String> = []
  /// The stored SCIM users, by SCIM source: a purge destroys the keys of those its person stood for.
  var scimUsers: [(source: String, person: SCIMPeople.Person)] = []
  /// SCIM users stored but unreadable: their keys were destroyed when their people were purged.
  package var scimErased = 0

  /// What a sync commit records about its inputs.
  var recorded: SyncMessage.Inputs? {
    guard let configBlob else { return nil }
    return SyncMessage.Inputs(configBlob: configBlob.hex, snapshots: snapshotBlobs.map { ($0.name, $0.blob.hex) })
  }
}

/// Reads committed state through libgit2 at one commit; never the working tree.
package final class StateReader {
  package let repository: Repository
  /// Nil for a repository without commits.
  package let commit: ObjectID?
  package let tree: ObjectID?
  let protection: DataProtection
  /// The listing and SCIM-user caches of the context the reader was made in (`AppContext.reader`).
  let caches: Caches
  /// Opens every stored blob, plain or sealed.
  var codec: any BlobCodec { protection.decoder }

  init(repository: Repository, commit: ObjectID?, protection: DataProtection, caches: Caches) throws {
    self.repository = repository
    self.commit = commit
    self.protection = protection
    self.caches = caches
    tree = try commit.map { try repository.commit($0).tree }
  }

  /// Reads a tree that is no commit's (a merge preview).
  init(repository: Repository, tree: ObjectID, protection: DataProtection, caches: Caches) {
    self.repository = repository
    commit = nil
    self.protection = protection
    self.caches = caches
    self.tree = tree
  }

  /// The folders under `tenants/`, sorted.
  package func tenantIDs() throws -> [String] {
    guard let tree, let folder = try repository.entry(in: tree, path: "tenants"), folder.kind == .tree else { return [] }
    return try repository.entries(of: folder.id).filter { $0.kind == .tree }.map(\.name).sorted()
  }

  /// The tenants to work on: `only` when given (each must exist), otherwise all of them.
  package func selectTenants(_ only: String?) throws -> [String] {
    let all = try tenantIDs()
    guard let only else { return all }
    guard all.contains(only) else {
      throw AppError.notFound(
        "no tenant '\(only)' at \(commit?.short ?? "this revision") (tenants: \(all.isEmpty ? "none" : all.joined(separator: ", ")))")
    }
    return [only]
  }

  /// Reads a blob at a path, if it exists.
  package func file(_ path: String) throws -> (id: ObjectID, bytes: [UInt8])? {
    guard let tree, let entry = try repository.entry(in: tree, path: path), entry.kind == .blob else { return nil }
    return (entry.id, try repository.blob(entry.id))
  }

  /// The configuration alone.
  package func config(_ tenant: String) throws -> (config: TenantConfig?, blob: ObjectID?, diagnostics: [Diagnostic]) {
    let path = "tenants/\(tenant)/tenant.json"
    guard let (blob, bytes) = try context("reading \(path)", { try file(path) }) else {
      return (nil, nil, [Diagnostic(.error, "config.missing", file: path, message: "the tenant folder has no tenant.json")])
    }
    let (config, diagnostics) = ConfigReader.read(bytes, tenant: tenant)
    return (config, blob, diagnostics)
  }

  /// The tenant's configuration, for a command that cannot go on without one: the tenant must exist,
  /// and an invalid configuration is an error listing its problems ("…; fix it `fix`").
  func requireConfig(_ tenant: String, fix: String = "first") throws -> TenantConfig {
    _ = try selectTenants(tenant)
    let (config, _, diagnostics) = try self.config(tenant)
    guard let config else {
      throw AppError.invalidInput(summary: "the configuration of \(tenant) is invalid; fix it \(fix)", diagnostics: diagnostics)
    }
    return config
  }

  /// Configuration and every snapshot, parsed.
  package func inputs(_ tenant: String) throws -> TenantInputs {
    let (config, configBlob, configDiagnostics) = try self.config(tenant)
    var diagnostics = configDiagnostics
    var snapshots: [Snapshot] = []
    var blobs: [(String, ObjectID)] = []
    var missing: [String] = []
    var keyIDs: [[UInt8]] = []
    var plain: [String] = []
    for source in config?.sources ?? [] where source.kind.isFullSnapshot {
      let path = source.snapshotPath(tenant: tenant)
      guard let tree, let entry = try repository.entry(in: tree, path: path), entry.kind == .blob else {
        missing.append(source.name)
        continue
      }
      let encrypted = config!.encryption.enabled
      let cache = SnapshotCache(repository: repository, protection: protection)
      let key = SnapshotCache.key(blob: entry.id, source: source, customFields: config!.customFields)
      if let hit = PhaseTimer.measure(
        "read the parsed \(path)",
        { cache.load(tenant: tenant, source: source, customFields: config!.customFields, key: key, file: path, encrypted: encrypted) })
      {
        if let keyID = hit.sealedKeyID { keyIDs.append(keyID) } else { plain.append(source.name) }
        snapshots.append(hit.snapshot)
        blobs.append((source.name, entry.id))
        continue
      }
      var sealedKeyID: [UInt8]?
      let snapshot = try context("reading \(path)") {
        try PhaseTimer.measure("read, parse and validate \(path)") {
          func read(_ bytes: UnsafeRawBufferPointer) -> Snapshot {
            SnapshotReader.readCSV(bytes, source: source, customFields: config!.customFields, file: path)
          }
          // A sealed snapshot is opened and its sealed copy let go before parsing: one copy of
          // a large file in memory at a time, not two.
          let opened: (snapshot: Snapshot?, plain: [UInt8]) = try repository.withBlob(entry.id) { stored in
            guard SealedBlob.isSealed(stored), let header = SealedBlob.parse(stored) else {
              plain.append(source.name)
              return (read(stored), [])
            }
            keyIDs.append(header.keyID)
            sealedKeyID = header.keyID
            let binding = BlobKind.snapshot(tenant: tenant, source: source.name)
            return (nil, try PhaseTimer.measure("decrypt \(path)") { try protection.open(stored, binding: binding) })
          }
          return opened.snapshot ?? opened.plain.withUnsafeBytes(read)
        }
      }
      if protection.writable {
        cache.store(snapshot, tenant: tenant, key: key, sealedKeyID: sealedKeyID, encrypted: encrypted)
      }
      diagnostics += snapshot.diagnostics
      snapshots.append(snapshot)
      blobs.append((source.name, entry.id))
    }
    let fullSnapshots = snapshots
    var deactivated: Set<String> = []
    var scimUsers: [(source: String, person: SCIMPeople.Person)] = []
    var scimErased = 0
    for source in config?.sources ?? [] where source.kind == .scim {
      let folder = "tenants/\(tenant)/sources/\(source.name)"
      let stored = try context("reading \(folder)") { try scimPeople(folder + "/Users", tenant: tenant, source: source.name) }
      // An erased user stands for a purged person: as if deleted, it brings no one back.
      let people = stored.compactMap(\.person)
      scimErased += stored.count - people.count
      scimUsers += people.map { (source.name, $0) }
      let merged = SCIMPeople.merge(
        people: people, source: source, customFields: config?.customFields ?? [], folder: folder, fullSnapshots: fullSnapshots)
      diagnostics += merged.snapshot.diagnostics
      snapshots.append(merged.snapshot)
      deactivated.formUnion(merged.deactivated)
      // The folder's tree id stands for the SCIM input in the sync's record.
      if let tree, let entry = try repository.entry(in: tree, path: folder) { blobs.append((source.name, entry.id)) }
    }
    var inputs = TenantInputs(
      tenant: tenant, config: config, configBlob: configBlob, diagnostics: diagnostics, snapshots: snapshots,
      snapshotBlobs: blobs, missingSources: missing, snapshotKeyIDs: keyIDs, plainSnapshots: plain)
    inputs.scimDeactivated = deactivated
    inputs.scimUsers = scimUsers
    inputs.scimErased = scimErased
    return inputs
  }

  /// The users a SCIM source stored (`SCIMLayout`), in path order, opened like every
  /// other blob (sealed for an encrypted tenant). Each file is read and parsed once per process:
  /// `SCIMPersonCache` keeps what was read, by blob id, while the key it was opened with lives.
  func scimPeople(_ folder: String, tenant: String, source: String) throws -> [SCIMPersonCache.Entry] {
    guard let tree, let root = try repository.entry(in: tree, path: folder), root.kind == .tree else { return [] }
    let files = try SCIMLayout.files(in: root.id, folder: folder, repository: repository)
    var keys: TenantKeys??
    func current(_ entry: SCIMPersonCache.Entry) -> Bool {
      guard let key = entry.key else { return true }
      if keys == nil { keys = .some(try? protection.keys(tenant, creating: false)) }
      return keys??.personKey(key.id)?.tag == key.tag
    }
    return try caches.scimPeople.entries(
      folder: SCIMPersonCache.key(gitDirectory: repository.gitDirectory, folder: folder), files: files, valid: current
    ) { file in
      let stored = try repository.blob(file.id)
      let header = stored.withUnsafeBytes { SealedBlob.isSealed($0) ? SealedBlob.parse($0) : nil }
      let plain: [UInt8]
      do {
        var binding: BlobKind?
        if header != nil {
          // Sealed for this resource of this source only: its key id derives from its path.
          guard let secret = try protection.keys(tenant, creating: false)?.secret else {
            throw DataProtectionError.missingKey("tenant \(tenant)", keystore: protection.folder.path)
          }
          let key = SCIMResourceKeys.id(
            secret: secret, source: source, kind: SCIMStore.Kind.users.rawValue, resource: SCIMResourceKeys.resourceID(path: file.path))
          binding = .scimResource(tenant: tenant, key: key)
        }
        plain = try protection.open(stored, binding: binding ?? .scimResource(tenant: tenant, key: PersonID(0)))
      } catch DataProtectionError.erased {
        return SCIMPersonCache.Entry(person: nil, key: nil)
      } catch {
        return try context("opening \(file.path)") { throw error }
      }
      let person = SCIMPeople.Person(path: file.path, resource: (try? JSONParser.parse(plain)) ?? .null)
      return SCIMPersonCache.Entry(person: person, key: header.map { ($0.personID, $0.keyTag) })
    }
  }

  /// Starts listing the tenant's directory on another thread, with its own repository handle
  /// (libgit2 handles are not shared across threads); entries are read later through ours.
  func directoryInBackground(_ tenant: String) -> Background<GitDirectory> {
    let (repository, tree, codec, path, protection, listings) = (
      self.repository, self.tree, self.codec, self.repository.gitDirectory, self.protection, caches.listings
    )
    return Background {
      let directory = try context("listing the directory of \(tenant)") {
        try PhaseTimer.measure("list the directory of \(tenant) (in parallel)") {
          let lister = try Repository.open(at: path)
          return try GitDirectory(repository: repository, lister: lister, tree: tree, tenant: tenant, codec: codec, listings: listings)
        }
      }
      protection.prefetchEntryCache(tenant)
      return directory
    }
  }

  /// The tenant's directory as committed here.
  func directory(_ tenant: String) throws -> GitDirectory {
    try context("listing the directory of \(tenant)") {
      try PhaseTimer.measure("list the directory of \(tenant)") {
        try GitDirectory(repository: repository, tree: tree, tenant: tenant, codec: codec, listings: caches.listings)
      }
    }
  }
}
