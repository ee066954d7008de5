import Foundation
import GitKit
import PeopleSyncCore

/// `encrypt`: converts a tenant stored in plain text, in one new commit. Entries move to ids
/// keyed by the tenant's secret and are sealed with per-person keys; snapshots are sealed
/// with keys of their own; SCIM resource files are sealed in place, each with its resource key
/// (`SCIMResourceKeys`), as the server seals what it writes. History before that commit stays as
/// it was written.
package final class EncryptionMigration: AppService {
  package let app: AppContext

  package init(_ app: AppContext) { self.app = app }

  /// Converts `tenant` in one commit on the current branch, saving its keys before the commit is published.
  package func encrypt(tenant: String) throws -> MigrationOutcome {
    let branch = try context("reading HEAD") { try repository.headBranch() }
    WorkingTree.repair(repository, branch: branch)
    let protection = app.protection(writing: true)
    for _ in 0..<SyncRun.maxAttempts {
      defer { protection.release(tenant) }
      guard let head = try repository.referenceTarget(branch) else { throw AppError.usage("\(branch) has no commits yet") }
      let reader = try app.reader(at: head, protection: protection)
      let config = try reader.requireConfig(tenant)
      guard config.encryption.enabled else {
        throw AppError.usage("encryption is off in tenants/\(tenant)/tenant.json: turn it on (\"encryption\": { \"enabled\": true }) first")
      }
      let storage = try protection.codec(for: config, creating: true)
      let identifier = try protection.identifier(for: config, creating: true)
      let directory = try reader.directory(tenant)
      let writer = try ObjectWriters.make(for: repository, objects: directory.count)
      var editor = TreeEditor()
      var entries: [(id: PersonID, blob: ObjectID)] = []
      var converted = 0
      let progress = settings.progress
      progress.begin("\(tenant): seal entries", unit: "entries", total: directory.count)
      try directory.forEachID { id in
        progress.advance(1)
        let stored = try repository.blob(directory.blobs[id]!)
        guard !stored.withUnsafeBytes(SealedBlob.isSealed) else {
          entries.append((id, directory.blobs[id]!))
          return
        }
        var entry = try EntryFormat.decode(stored, expected: id)
        guard let person = entry.person else {
          entries.append((id, directory.blobs[id]!))  // purged: nothing personal, the id stays
          return
        }
        let key: PersonKey = person.employeeId.map(PersonKey.employeeID) ?? .email(person.email)
        entry.id = identifier.id(for: key, tenant: tenant)
        let sealed = try storage.encode(EntryFormat.encode(entry), kind: .entry(tenant: tenant, id: entry.id))
        entries.append((entry.id, try writer.writeIncompressible(sealed, type: .blob)))
        converted += 1
      }
      guard Set(entries.map(\.id)).count == entries.count else {
        throw AppError.repository("two entries of \(tenant) map to the same keyed id; nothing was changed (report this as a bug)")
      }
      progress.begin("\(tenant): seal snapshots and SCIM resources, commit")
      let folder = DirectoryEntry.peopleFolder(tenant: tenant)
      if !entries.isEmpty {
        editor.setTree(
          folder, to: try PeopleTreeWriter(repository: repository, writer: writer, folder: folder).write(base: nil, entries: entries))
      }
      var snapshots = 0
      for source in config.sources where source.kind.isFullSnapshot {
        let path = source.snapshotPath(tenant: tenant)
        guard let file = try reader.file(path), !file.bytes.withUnsafeBytes(SealedBlob.isSealed) else { continue }
        editor.set(
          path, to: try writer.write(try storage.encode(file.bytes, kind: .snapshot(tenant: tenant, source: source.name)), type: .blob))
        snapshots += 1
      }
      let resources = try sealSCIMFiles(config, reader: reader, storage: storage, protection: protection, writer: writer, into: &editor)
      guard converted + snapshots + resources > 0 else {
        return MigrationOutcome(tenant: tenant, entries: 0, snapshots: 0, resources: 0, commit: nil)
      }
      let tree = try editor.write(base: reader.tree, repository: repository, writer: writer)
      try writer.finish()
      let message = """
        encrypt \(tenant): \(converted) entries and \(snapshots) snapshot\(snapshots == 1 ? "" : "s") sealed\(resources > 0 ? ", \(resources) SCIM resource\(resources == 1 ? "" : "s")" : "")

        Personal data of \(tenant) is encrypted from this commit on; entries moved to keyed ids.
        Earlier commits keep what they held in plain text.

        \(SyncMessage.Key.tenant): \(tenant)
        PeopleSync-Migration: encryption
        \(SyncMessage.Key.version): \(settings.version)

        """
      let author = app.author()
      let commit = try repository.createCommit(
        tree: tree, parents: [head], message: message, author: author, time: Int64(settings.now().timeIntervalSince1970))
      try context("saving the keys of \(tenant)") { try protection.save(tenant) }
      WorkingTree.expect(repository, branch: branch, from: reader.tree, to: tree)
      do {
        try repository.updateReference(branch, to: commit, expected: head, logMessage: "peoplesync encrypt \(tenant)")
        WorkingTree.follow(repository, branch: branch, from: reader.tree, to: tree)
        return MigrationOutcome(tenant: tenant, entries: converted, snapshots: snapshots, resources: resources, commit: commit)
      } catch let error as GitError where error.isConcurrentUpdate {
        continue
      }
    }
    throw AppError.contention("\(branch) kept moving; nothing was committed")
  }

  /// Seals the tenant's SCIM files still in plain text where they are; returns how many.
  private func sealSCIMFiles(
    _ config: TenantConfig, reader: StateReader, storage: any BlobCodec, protection: DataProtection, writer: any ObjectWriter,
    into editor: inout TreeEditor
  ) throws -> Int {
    let sources = config.sources.filter { $0.kind == .scim }
    guard !sources.isEmpty, let root = reader.tree, let keys = try protection.keys(config.id, creating: true) else { return 0 }
    var sealed = 0
    for source in sources {
      for file in try SCIMResourceKeys.files(
        tenant: config.id, source: source.name, root: root, secret: keys.secret, repository: repository)
      {
        let plain = try repository.blob(file.blob)
        guard !plain.withUnsafeBytes(SealedBlob.isSealed) else { continue }
        let stored = try storage.encode(plain, kind: .scimResource(tenant: config.id, key: file.key))
        editor.set(file.path, to: try writer.writeIncompressible(stored, type: .blob))
        sealed += 1
      }
    }
    return sealed
  }
}
