import Foundation
import GitKit
import PeopleSyncCore

/// What a pickup from an SFTP drop folder did.
package struct PickupOutcome {
  package enum Result {
    /// No report was ready.
    case nothingNew
    /// A report was ingested (committed, or unchanged), then archived.
    case ingested(file: String, IngestOutcome)
    /// The newest report could not be ingested; it was moved to `rejected/` with a report.
    case rejected(file: String, summary: String, diagnostics: [Diagnostic])
  }

  package let tenant: String
  package let result: Result
  package let selection: DropSelection
  /// The date of the report in force before this pickup, if any came from a drop.
  package let lastIngested: Day?
  /// Human-readable lines: each file moved and where, each file left waiting or ignored.
  package let notes: [String]
}

/// `ingest --from DROP-DIR`: the newest settled report under `uploads/hr_reports/` becomes the snapshot.
///
/// The drop folder is the tenant's SFTP chroot: `uploads/hr_reports/` (written by the customer),
/// `archive/` (ingested reports) and `rejected/` (reports not ingested, each with a plain-text report
/// beside it that the customer can read over SFTP).
package final class PickupService: AppService {
  package let app: AppContext
  /// With `--push`: snapshots are committed on the remote's branch and pushed there.
  package var push: BranchPush?

  package init(_ app: AppContext) { self.app = app }

  /// - Parameters:
  ///   - retainDays: how long archived and rejected reports are kept (default: the tenant's
  ///     `drop.retainDays`; see `TenantConfig.dropRetentionDays`).
  ///   - maxFileBytes: a report larger than this is moved to `rejected/` unread, with a report saying so.
  package func pickup(
    tenant: String, source: String?, drop: String, settleSeconds: Double, strict: Bool, retainDays: Int? = nil,
    maxFileBytes: Int = IngestService.defaultMaxFileBytes
  ) throws -> PickupOutcome {
    settings.progress.begin("\(tenant): look for a report in \(drop)")
    let folder = try Self.open(drop, tenant: tenant)
    let branch = try context("reading HEAD") { try repository.headBranch() }
    guard let head = try repository.referenceTarget(branch) else {
      throw AppError.usage("\(branch) has no commits yet: commit the tenants' configuration first")
    }
    let reader = try app.reader(at: head)
    let config = try reader.requireConfig(tenant, fix: "before picking up reports")
    let sourceConfig = try IngestService.source(config, named: source)
    let now = settings.now()
    let today = AsOf.today(in: config.timeZone, now: now)
    let lastIngested = try [
      lastDropReport(tenant: tenant, source: sourceConfig.name, from: head),
      context("listing \(drop)/archive") { try folder.newestArchivedDay() },
    ].compactMap { $0 }.max()
    let retention = config.dropRetentionDays(override: retainDays)
    let pruned = try context("removing old reports from \(drop)") { try folder.prune(olderThanDays: retention, now: now) }
    let (files, others) = try context("listing \(folder.uploadsPath)") { try folder.listUploads(now: now) }
    let selection = DropSelection.decide(files: files, settleSeconds: settleSeconds, lastIngested: lastIngested, today: today)
    let received = Self.timestamp(now)
    var notes: [String] = []
    if !pruned.isEmpty {
      notes.append(
        "removed \(pruned.count) report files kept longer than \(retention) days (\(pruned.prefix(3).joined(separator: ", "))\(pruned.count > 3 ? ", …" : ""))"
      )
    }

    if Privileges.mayChangeOwners, folder.uploadsParentOwner != 0 {
      notes.append(
        "uploads/ belongs to uid \(folder.uploadsParentOwner), not root: on this layout (made by an older add-tenant) the customer "
          + "can replace uploads/hr_reports; run deploy/sftp/add-tenant \(tenant) again")
    }
    for name in others { notes.append("left \(name) alone: not a regular file (a link or a folder), never read") }
    for item in selection.ignored { notes.append("left \(item.name) alone: \(item.why)") }
    for file in selection.waiting {
      notes.append("waiting for \(file.name): modified \(Int(file.age))s ago, still being written (settle time \(Int(settleSeconds))s)")
    }
    for refusal in selection.refused {
      let text = DropReport.refused(file: refusal.file.name, tenant: tenant, received: received, reason: refusal.reason)
      let moved = try context("moving \(refusal.file.name) to rejected/") {
        try folder.move(refusal.file.name, to: .rejected, report: text)
      }
      notes.append("did not ingest \(refusal.file.name): \(refusal.reason); moved to \(moved)")
    }
    guard let pick = selection.pick else {
      return PickupOutcome(tenant: tenant, result: .nothingNew, selection: selection, lastIngested: lastIngested, notes: notes)
    }
    // Refused before a byte is read: memory for the whole file is taken at once.
    if pick.size > maxFileBytes {
      let diagnostic = Diagnostic(
        .error, "drop.too-large", file: pick.name,
        message:
          "the file is \(ByteCount.text(pick.size)), more than the \(ByteCount.text(maxFileBytes)) a report may have, so it was not read; "
          + "check that the export holds the employee list only, or ask your PeopleSync operator about the limit")
      let text = DropReport.rejected(file: pick.name, tenant: tenant, received: received, diagnostics: [diagnostic])
      let moved = try context("moving \(pick.name) to rejected/") { try folder.move(pick.name, to: .rejected, report: text) }
      notes.append(
        "rejected \(pick.name) unread: \(ByteCount.text(pick.size)), over the limit of \(ByteCount.text(maxFileBytes)); moved to \(moved)")
      let summary = "\(pick.name) is larger than \(ByteCount.text(maxFileBytes)); nothing was read or committed"
      return PickupOutcome(
        tenant: tenant, result: .rejected(file: pick.name, summary: summary, diagnostics: [diagnostic]), selection: selection,
        lastIngested: lastIngested, notes: notes)
    }
    guard let bytes = try context("reading \(pick.name)", { try folder.readSettled(pick) }) else {
      notes.append("waiting for \(pick.name): it changed while being read")
      return PickupOutcome(tenant: tenant, result: .nothingNew, selection: selection, lastIngested: lastIngested, notes: notes)
    }
    let outcome = try ingestService().ingest(
      tenant: tenant, source: sourceConfig.name, bytes: bytes, fileName: pick.name, strict: strict, dropReport: pick.name)
    let result: PickupOutcome.Result
    switch outcome.result {
    case .refused(let summary):
      let diagnostics = outcome.snapshot.diagnostics
      let text = DropReport.rejected(file: pick.name, tenant: tenant, received: received, diagnostics: diagnostics)
      let moved = try context("moving \(pick.name) to rejected/") { try folder.move(pick.name, to: .rejected, report: text) }
      notes.append("rejected \(pick.name); moved to \(moved) with a report for the customer")
      result = .rejected(file: pick.name, summary: summary, diagnostics: diagnostics)
    case .committed, .unchanged:
      var committed = false
      if case .committed = outcome.result { committed = true }
      let text = DropReport.accepted(file: pick.name, tenant: tenant, received: received, snapshot: outcome.snapshot, committed: committed)
      let moved = try context("moving \(pick.name) to archive/") { try folder.move(pick.name, to: .archive, report: text) }
      notes.append("archived \(pick.name) as \(moved)")
      result = .ingested(file: pick.name, outcome)
    }
    return PickupOutcome(tenant: tenant, result: result, selection: selection, lastIngested: lastIngested, notes: notes)
  }

  /// Opens the drop folder, or says why it cannot be used; nothing in it has been touched then.
  static func open(_ drop: String, tenant: String) throws -> DropFolder {
    do {
      return try DropFolder(root: drop)
    } catch DropPathError.missing(let path) {
      throw AppError.notFound("\(drop) is not a drop folder: \(path) does not exist (deploy/sftp/add-tenant creates it)")
    } catch let error as DropPathError {
      throw AppError.invalidInput(
        summary:
          "\(tenant): refusing the drop folder \(drop): \(error); nothing was picked up, ingested or moved. "
          + "Remove what is not a folder there and run deploy/sftp/add-tenant \(tenant) again to restore the layout",
        diagnostics: [])
    } catch {
      throw AppError.repository("opening the drop folder \(drop): \(error)")
    }
  }

  /// Whether `path` names something (a folder, or a link, which the pickup refuses), without following a link.
  package static func dropFolderExists(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0
  }

  /// The tenants at the branch head that have a CSV source (or a configuration that does not read,
  /// so that its errors are reported rather than the tenant silently left out).
  package func csvTenants() throws -> [String] {
    let branch = try context("reading HEAD") { try repository.headBranch() }
    guard let head = try repository.referenceTarget(branch) else { return [] }
    let reader = try app.reader(at: head)
    return try reader.selectTenants(nil).filter { tenant in
      guard let config = try reader.config(tenant).config else { return true }
      return config.sources.contains { $0.kind == .csv }
    }
  }

  /// The date of the last report ingested from a drop for this source, from the commit that recorded it.
  func lastDropReport(tenant: String, source: String, from head: ObjectID) throws -> Day? {
    var found: Day?
    try context("reading the history of \(tenant)") {
      try repository.firstParentHistory(from: head) { id in
        let trailers = SyncMessage.trailers(try repository.commit(id).message)
        func value(_ key: String) -> String? { trailers.first { $0.key == key }?.value }
        guard value(SyncMessage.Key.tenant) == tenant, value(SyncMessage.Key.source) == source,
          let report = value(SyncMessage.Key.dropReport)
        else { return true }
        found = DropSelection.day(ofReport: report)
        return found == nil
      }
    }
    return found
  }

  static func timestamp(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
    return formatter.string(from: date)
  }
}

extension PickupService {
  func ingestService() -> IngestService {
    let service = IngestService(repository: repository, settings: settings)
    service.push = push
    return service
  }
}
