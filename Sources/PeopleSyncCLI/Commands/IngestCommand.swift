import Foundation
import PeopleSyncApp
import PeopleSyncCore

struct IngestCommand: Command {
  let name = "ingest"
  let reportsProgress = true
  let abstract = "Validate a CSV file (or pick one up from an SFTP drop) and commit it as a tenant's new snapshot"
  let usage = """
    ingest --tenant T --file PEOPLE.csv [--max-file-bytes N] [--source S] [--strict] [--repo PATH]
    ingest --tenant T --from DROP-DIR [--settle SECONDS] [--retain-days N] [--max-file-bytes N] [--source S] [--strict] [--repo PATH]
    """
  let discussion = """
    The file is committed as received (through libgit2, on the branch HEAD points at). A file that
    cannot be read as a whole (encoding, quoting, missing columns) is refused and nothing is
    committed. Rows with errors are reported; they change nothing when the tenant is synced, and
    the people they name are left as they are. Ingesting the same content twice commits nothing.

    With --from, the newest DROP-DIR/uploads/hr_reports/people_report_YYYY-MM-DD.csv is picked up
    once it has not been modified for --settle seconds (an SFTP upload writes the file in place, so
    a file still growing is left for the next run; names starting with '.' or ending in .part,
    .filepart or .tmp are uploads not yet renamed). An ingested report moves to DROP-DIR/archive/;
    a report that fails validation moves to DROP-DIR/rejected/ with a plain-text report beside it,
    and the previous snapshot stays in force. Reports older than the last one ingested, or
    superseded by a newer one, move to rejected/ with the reason. Exits 3 when the report was rejected.
    Reports in archive/ and rejected/ hold personal data: they are deleted after --retain-days
    (default: the tenant's drop.retainDays; unset, 1 day for an encrypted tenant and the quarantine
    period for a plain one; an encrypted tenant's are never kept more than 7 days). A file larger
    than --max-file-bytes is not read: with --from it moves to rejected/ with a report saying so.
    No folder of DROP-DIR is reached through a symbolic link: a link where uploads/, hr_reports/,
    archive/ or rejected/ should be stops the pickup (exit 3) with nothing moved.
    """
  let options = [
    Common.repo, Common.tenant,
    OptionSpec("file", value: "PEOPLE.csv", help: "the CSV file to ingest"),
    OptionSpec("from", value: "DROP-DIR", help: "pick up the newest report from this drop folder (the tenant's SFTP chroot)"),
    OptionSpec("settle", value: "SECONDS", help: "with --from: how long a report must be unmodified to be taken (default: 120)"),
    Self.retainOption,
    Self.maxFileBytesOption,
    OptionSpec("source", value: "S", help: "the csv source it is for (default: the tenant's only csv source)"),
    OptionSpec("strict", help: "refuse the file when any row is rejected"),
  ]

  static let defaultSettleSeconds = 120.0
  static let retainOption = OptionSpec(
    "retain-days", value: "N",
    help: "with --from: delete archived and rejected reports after N days (default: the tenant's drop.retainDays)")

  static let maxFileBytesOption = OptionSpec(
    "max-file-bytes", value: "N",
    help: "refuse files larger than N bytes unread (K, M, G: 1024s; default: 1G, at most \(SnapshotReader.maxBytes))")

  /// `--max-file-bytes`: a count of bytes, or of KiB, MiB or GiB with a K, M or G after it.
  static func maxFileBytes(_ arguments: Arguments) throws -> Int {
    guard let text = arguments.value("max-file-bytes") else { return IngestService.defaultMaxFileBytes }
    let unit: Int? =
      switch text.last {
      case "K", "k": 1 << 10
      case "M", "m": 1 << 20
      case "G", "g": 1 << 30
      default: nil
      }
    let number = unit == nil ? text : String(text.dropLast())
    guard let count = Int(number), count > 0, !number.hasPrefix("+"), count <= SnapshotReader.maxBytes / (unit ?? 1) else {
      throw UsageError("--max-file-bytes '\(text)' is not a size from 1 byte to \(SnapshotReader.maxBytes) bytes (for example 1G or 500M)")
    }
    return count * (unit ?? 1)
  }

  static func retainDays(_ arguments: Arguments) throws -> Int? {
    guard let text = arguments.value("retain-days") else { return nil }
    guard let days = Int(text), days >= 0 else { throw UsageError("--retain-days '\(text)' is not a number of days") }
    return days
  }

  func run(_ arguments: Arguments, context: CommandContext) throws -> ExitCode {
    try Common.noPositionals(arguments, name)
    guard let tenant = arguments.value("tenant") else { throw UsageError("ingest needs --tenant") }
    switch (arguments.value("file"), arguments.value("from")) {
    case (let file?, nil):
      return try ingestFile(file, tenant: tenant, arguments, context: context)
    case (nil, let drop?):
      let outcome = try PickupService(try Common.app(arguments, context)).pickup(
        tenant: tenant, source: arguments.value("source"), drop: drop, settleSeconds: try Self.settle(arguments),
        strict: arguments.flag("strict"), retainDays: try Self.retainDays(arguments), maxFileBytes: try Self.maxFileBytes(arguments))
      for line in Self.describe(outcome) { context.console.line(line) }
      if case .rejected(_, let summary, let diagnostics) = outcome.result {
        throw AppError.invalidInput(summary: summary, diagnostics: diagnostics)
      }
      return .success
    default:
      throw UsageError("ingest needs one of --file or --from")
    }
  }

  private func ingestFile(_ file: String, tenant: String, _ arguments: Arguments, context: CommandContext) throws -> ExitCode {
    let bytes = try FileInput.read(file, maxBytes: try Self.maxFileBytes(arguments))
    let service = IngestService(try Common.app(arguments, context))
    let outcome = try service.ingest(
      tenant: tenant, source: arguments.value("source"), bytes: bytes, fileName: file, strict: arguments.flag("strict"))
    if case .refused(let summary) = outcome.result {
      throw AppError.invalidInput(summary: summary, diagnostics: outcome.snapshot.diagnostics)
    }
    for item in Diagnostic.sorted(outcome.snapshot.diagnostics) { context.console.note(item.description) }
    context.console.line(Self.describe(outcome, file: file))
    return .success
  }

  static func settle(_ arguments: Arguments) throws -> Double {
    guard let text = arguments.value("settle") else { return defaultSettleSeconds }
    guard let seconds = Double(text), seconds >= 0, seconds.isFinite else {
      throw UsageError("--settle '\(text)' is not a number of seconds")
    }
    return seconds
  }

  static func describe(_ outcome: IngestOutcome, file: String) -> String {
    let counts = "\(outcome.snapshot.rowCount) rows, \(outcome.snapshot.records.count) valid, \(outcome.snapshot.rejected.count) rejected"
    switch outcome.result {
    case .committed(let commit): return "ingested \(file) as \(outcome.tenant)/\(outcome.source): \(counts); commit \(commit.short)"
    case .unchanged:
      let name = (file as NSString).lastPathComponent
      return "\(outcome.tenant)/\(outcome.source) already holds this content (\(name): \(counts)); nothing to commit"
    case .refused(let summary): return summary
    }
  }

  /// What a pickup did, one line per file and a last line with the result.
  static func describe(_ outcome: PickupOutcome) -> [String] {
    var lines = outcome.notes.map { "\(outcome.tenant): \($0)" }
    switch outcome.result {
    case .nothingNew:
      let since = outcome.lastIngested.map { "; the report in force is dated \($0)" } ?? ""
      lines.append("\(outcome.tenant): no new report to ingest\(since)")
    case .ingested(let file, let ingest):
      lines.append("\(outcome.tenant): " + describe(ingest, file: file))
    case .rejected(let file, _, let diagnostics):
      let problems = diagnostics.filter { $0.severity == .error }.count
      lines.append(
        "\(outcome.tenant): rejected \(file) (\(problems) problem\(problems == 1 ? "" : "s")); the previous snapshot stays in force")
    }
    return lines
  }
}
