import Foundation
import PeopleSyncApp
import PeopleSyncCore

struct RunDailyCommand: Command {
  let name = "run-daily"
  let reportsProgress = true
  let abstract = "The daily job: pick up every CSV tenant's SFTP report, fetch every Workday and UKG source, then sync every tenant"
  let usage =
    "run-daily [--drops ROOT] [--settle SECONDS] [--retain-days N] [--max-file-bytes N] [--repo PATH] [--as-of YYYY-MM-DD] [--push [REMOTE]]"
  let discussion = """
    For each tenant with a csv source, picks up ROOT/<tenant> as 'ingest --from' does (a tenant
    without a drop folder is skipped with a note), then syncs every tenant. A rejected report (one
    larger than --max-file-bytes included), a drop folder refused because a link stands in place
    of it or of one of its folders, or a failed pickup does not stop the other tenants, and the
    sync still runs on the snapshot in force. Then each workday and ukg source is fetched as 'fetch' does; a failed fetch keeps the
    snapshot in force in the same way. Prints one line per tenant and a summary; the exit code is
    the most serious of the run: 0 all well, 3 a report was rejected or a tenant's inputs are
    invalid, 4 the safeguard held deprovisions back, 5, 6 or 7 as for the other commands, 8 a fetch
    failed. Meant for cron or a CI schedule.

    With --push (default remote: origin), every snapshot and sync commit is planned on the remote's
    branch and pushed as soon as it is made, as 'sync --push' does: a snapshot the remote did not
    take is validated and committed again on its new head, a sync planned again.
    """
  let options = [
    Common.repo,
    OptionSpec("drops", value: "ROOT", help: "the folder holding one drop folder per tenant (default: /srv/peoplesync/sftp)"),
    OptionSpec("settle", value: "SECONDS", help: "how long a report must be unmodified to be taken (default: 120)"),
    IngestCommand.retainOption,
    IngestCommand.maxFileBytesOption,
    Common.asOf,
    Common.push,
  ]

  static let defaultDrops = "/srv/peoplesync/sftp"

  func run(_ arguments: Arguments, context: CommandContext) throws -> ExitCode {
    try Common.noPositionals(arguments, name)
    let root = arguments.value("drops") ?? Self.defaultDrops
    let settle = try IngestCommand.settle(arguments)
    let retain = try IngestCommand.retainDays(arguments)
    let maxFileBytes = try IngestCommand.maxFileBytes(arguments)
    let asOf = try Common.asOf(arguments)
    let app = try Common.app(arguments, context)
    let push = try Common.push(arguments, app)
    // With --push, the tenants and reports in force are those of the remote's branch.
    try push?.start()
    let pickup = PickupService(app)
    pickup.push = push
    var worst = ExitCode.success
    var counts = (ingested: 0, unchanged: 0, rejected: 0, waiting: 0, failed: 0)
    for tenant in try pickup.csvTenants() {
      let drop = root + "/" + tenant
      // Not followed: a link in the drops root is refused by the pickup, with its name.
      guard PickupService.dropFolderExists(drop) else {
        context.console.line("\(tenant): no drop folder at \(drop); pickup skipped")
        continue
      }
      do {
        let outcome = try pickup.pickup(
          tenant: tenant, source: nil, drop: drop, settleSeconds: settle, strict: false, retainDays: retain,
          maxFileBytes: maxFileBytes)
        for line in IngestCommand.describe(outcome) { context.console.line(line) }
        counts.waiting += outcome.selection.waiting.count
        switch outcome.result {
        case .nothingNew: break
        case .ingested(_, let ingest):
          if case .committed = ingest.result { counts.ingested += 1 } else { counts.unchanged += 1 }
        case .rejected(_, _, let diagnostics):
          counts.rejected += 1
          worst = max(worst, .invalidInput)
          for item in Diagnostic.sorted(diagnostics) where item.severity == .error { context.console.line("  \(item)") }
        }
      } catch {
        counts.failed += 1
        context.console.line("\(tenant): pickup failed; the snapshot in force is kept")
        worst = max(worst, ErrorReport.report(error, console: context.console))
      }
    }
    var fetches = (committed: 0, unchanged: 0, failed: 0)
    let fetcher = FetchService(app)
    fetcher.push = push
    for (tenant, source) in try fetcher.apiSources() {
      do {
        for outcome in try fetcher.fetch(tenant: tenant, source: source) {
          for line in FetchCommand.describe(outcome) { context.console.line(line) }
          if case .committed = outcome.ingest.result { fetches.committed += 1 } else { fetches.unchanged += 1 }
        }
      } catch {
        fetches.failed += 1
        context.console.line("\(tenant)/\(source): fetch failed; the snapshot in force is kept")
        worst = max(worst, ErrorReport.report(error, console: context.console))
      }
    }
    var synced = (committed: 0, unchanged: 0, notSynced: 0)
    do {
      let service = SyncService(app)
      service.push = push
      for outcome in try service.sync(tenant: nil, asOf: asOf, overrideSafeguard: false) {
        let (status, code) = SyncCommand.status(outcome)
        worst = max(worst, code)
        switch outcome.result {
        case .committed: synced.committed += 1
        case .unchanged: synced.unchanged += 1
        case .blocked: synced.notSynced += 1
        }
        context.console.line("\(outcome.plan.tenant): sync as of \(outcome.plan.asOf): \(status)")
        for error in outcome.plan.blockingErrors { context.console.line("  error: \(error)") }
      }
    } catch {
      context.console.line("sync failed")
      worst = max(worst, ErrorReport.report(error, console: context.console))
    }
    context.console.line(
      "run-daily: reports \(counts.ingested) ingested, \(counts.unchanged) unchanged, \(counts.rejected) rejected, "
        + "\(counts.waiting) still uploading, \(counts.failed) pickups failed; fetches \(fetches.committed) committed, "
        + "\(fetches.unchanged) unchanged, \(fetches.failed) failed; syncs \(synced.committed) committed, "
        + "\(synced.unchanged) without changes, \(synced.notSynced) not synced; exit \(worst.rawValue) (\(worst.meaning))")
    return worst
  }
}
