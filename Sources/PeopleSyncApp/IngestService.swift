import Foundation
import GitKit
import PeopleSyncCore

/// What `ingest` did.
package struct IngestOutcome {
  package enum Result {
    case committed(ObjectID)
    /// The snapshot already holds exactly this content.
    case unchanged
    /// The file cannot be read as a whole (or, when strict, has rejected rows); nothing was committed.
    case refused(summary: String)
  }

  package let tenant: String
  package let source: String
  package let snapshot: Snapshot
  package let result: Result
}

/// Validates a CSV file and commits it, as received, as a tenant's new snapshot.
package final class IngestService: AppService {
  package let app: AppContext
  /// With `--push`: the snapshot is committed on the remote's branch and pushed there (`BranchPush`).
  package var push: BranchPush?

  package init(_ app: AppContext) { self.app = app }

  /// The largest file `ingest` and the pickup read unless told otherwise (`--max-file-bytes`): far
  /// above any employee list, far below what a snapshot may hold (`SnapshotReader.maxBytes`).
  package static let defaultMaxFileBytes = 1 << 30

  /// Validates `bytes` (read from `fileName`) against the tenant's committed configuration,
  /// and commits them as the source's snapshot unless they are unreadable or unchanged.
  /// - Parameters:
  ///   - strict: refuse the file when any row is rejected.
  ///   - dropReport: the name of the report picked up from an SFTP drop, recorded in the commit so the
  ///     next pickup knows which date is in force.
  ///   - fetchedFrom: for a snapshot fetched from an HR system's API: the source's kind and what to
  ///     say in the commit's subject; nil for a CSV file.
  package func ingest(
    tenant: String, source sourceName: String?, bytes: [UInt8], fileName: String, strict: Bool = false, dropReport: String? = nil,
    fetchedFrom: (kind: SourceKind, subject: String)? = nil
  ) throws -> IngestOutcome {
    let branch = try context("reading HEAD") { try repository.headBranch() }
    WorkingTree.repair(repository, branch: branch)
    let protection = app.protection(writing: true)
    try push?.start()
    for attempt in 0..<(push == nil ? SyncRun.maxAttempts : BranchPush.maxAttempts) {
      defer { protection.release(tenant) }
      guard let head = try repository.referenceTarget(branch) else {
        throw AppError.usage("\(branch) has no commits yet: commit the tenants' configuration first")
      }
      let reader = try app.reader(at: head, protection: protection)
      let config = try reader.requireConfig(tenant, fix: "before ingesting")
      let source = try Self.source(config, named: sourceName, kind: fetchedFrom?.kind ?? .csv)
      let progress = settings.progress
      progress.begin("\(tenant)/\(source.name): read and validate", unit: "rows", total: nil)
      let snapshot = bytes.withUnsafeBytes {
        SnapshotReader.readCSV($0, source: source, customFields: config.customFields, file: fileName, progress: progress.advance)
      }
      guard snapshot.isUsable else {
        let summary = "\(fileName) cannot be read as a snapshot of \(tenant)/\(source.name); nothing was committed"
        return IngestOutcome(tenant: tenant, source: source.name, snapshot: snapshot, result: .refused(summary: summary))
      }
      if strict, !snapshot.rejected.isEmpty {
        let summary = "\(fileName) has \(snapshot.rejected.count) rejected rows and strict ingestion is on; nothing was committed"
        return IngestOutcome(tenant: tenant, source: source.name, snapshot: snapshot, result: .refused(summary: summary))
      }
      let path = source.snapshotPath(tenant: tenant)
      if let existing = try repository.entry(in: reader.tree!, path: path) {
        let current = try repository.blob(existing.id)
        let sealed = current.withUnsafeBytes(SealedBlob.isSealed)
        if sealed, !config.encryption.enabled {
          throw AppError.invalidInput(
            summary:
              "encryption is off for \(tenant) but its snapshot is encrypted: turning encryption off for existing data is not supported; nothing was committed",
            diagnostics: [])
        }
        // Compared as plain text: each encrypted snapshot has a key of its own.
        do {
          if try context(
            "reading the current snapshot of \(tenant)/\(source.name)",
            { try reader.codec.decode(current, kind: .snapshot(tenant: tenant, source: source.name)) })
            == bytes
          {
            return IngestOutcome(tenant: tenant, source: source.name, snapshot: snapshot, result: .unchanged)
          }
        } catch DataProtectionError.erased {
          // The previous snapshot's key is gone: it cannot equal this one as far as anyone can tell.
        }
      }
      progress.begin("\(tenant)/\(source.name): store and commit")
      let stored = try context("sealing the snapshot") {
        try protection.codec(for: config, creating: true).encode(bytes, kind: .snapshot(tenant: tenant, source: source.name))
      }
      let writer = try ObjectWriters.make(for: repository, objects: 1, bytes: stored.count)
      var editor = TreeEditor()
      let blob = try writer.write(stored, type: .blob)
      editor.set(path, to: blob)
      let tree = try editor.write(base: reader.tree, repository: repository, writer: writer)
      try writer.finish()
      let message = Self.message(
        tenant: tenant, source: source.name, fileName: fileName, snapshot: snapshot, blob: blob, version: settings.version,
        dropReport: dropReport, subject: fetchedFrom?.subject)
      let author = app.author()
      let commit = try repository.createCommit(
        tree: tree, parents: [head], message: message, author: author, time: Int64(settings.now().timeIntervalSince1970))
      // The snapshot's key is on disk before a commit that needs it is published.
      try context("saving the keys of \(tenant)") { try protection.save(tenant) }
      WorkingTree.expect(repository, branch: branch, from: reader.tree, to: tree)
      do {
        if let push {
          // Not taken: validated and committed again on the remote's new head.
          guard try push.publish(commit, on: head, what: "the snapshot of \(tenant)/\(source.name)", attempt: attempt + 1) else {
            continue
          }
        } else {
          try repository.updateReference(branch, to: commit, expected: head, logMessage: "peoplesync ingest \(tenant)/\(source.name)")
        }
        WorkingTree.follow(repository, branch: branch, from: reader.tree, to: tree)
        // The sync that follows finds the snapshot parsed and validated already.
        SnapshotCache(repository: repository, protection: protection).store(
          snapshot, tenant: tenant, key: SnapshotCache.key(blob: blob, source: source, customFields: config.customFields),
          sealedKeyID: SealedBlob.parse(stored)?.keyID, encrypted: config.encryption.enabled)
        return IngestOutcome(tenant: tenant, source: source.name, snapshot: snapshot, result: .committed(commit))
      } catch let error as GitError where error.isConcurrentUpdate {
        continue
      }
    }
    if let push { throw push.contention("the snapshot of \(tenant)") }
    throw AppError.contention("\(branch) kept moving; the snapshot was not committed")
  }

  /// The source of `kind` to ingest into: the named one, or the only one.
  static func source(_ config: TenantConfig, named name: String?, kind: SourceKind = .csv) throws -> SourceConfig {
    let candidates = config.sources.filter { $0.kind == kind }
    let kindName = kind.rawValue
    if let name {
      guard let source = candidates.first(where: { $0.name == name }) else {
        throw AppError.notFound(
          "tenant \(config.id) has no \(kindName) source '\(name)' (\(kindName) sources: \(candidates.map(\.name).joined(separator: ", ")))"
        )
      }
      return source
    }
    guard candidates.count == 1 else {
      throw AppError.usage(
        candidates.isEmpty
          ? "tenant \(config.id) has no \(kindName) source"
          : "tenant \(config.id) has several \(kindName) sources; choose one with --source (\(candidates.map(\.name).joined(separator: ", ")))"
      )
    }
    return candidates[0]
  }

  static func message(
    tenant: String, source: String, fileName: String, snapshot: Snapshot, blob: ObjectID, version: String, dropReport: String?,
    subject: String? = nil
  ) -> String {
    let name = (fileName as NSString).lastPathComponent
    var lines = [subject ?? "ingest \(tenant)/\(source): \(name)", ""]
    lines.append("\(snapshot.rowCount) rows: \(snapshot.records.count) valid, \(snapshot.rejected.count) rejected.")
    for row in snapshot.rejected.prefix(50) {
      for problem in row.problems { lines.append("  line \(problem.line ?? 0): \(problem.field.map { "\($0): " } ?? "")\(problem.code)") }
    }
    lines += [
      "", "\(SyncMessage.Key.tenant): \(tenant)", "\(SyncMessage.Key.source): \(source)",
      "\(SyncMessage.Key.snapshot): \(source) \(blob.hex)",
    ]
    if let dropReport { lines.append("\(SyncMessage.Key.dropReport): \(dropReport)") }
    lines.append("\(SyncMessage.Key.version): \(version)")
    return lines.joined(separator: "\n") + "\n"
  }
}
