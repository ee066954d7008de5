import Foundation
import PeopleSyncApp
import PeopleSyncCore

struct FetchCommand: Command {
  let name = "fetch"
  let reportsProgress = true
  let abstract = "Fetch a tenant's employees from Workday or UKG Pro and commit them as the source's snapshot"
  let usage = "fetch --tenant T [--source S] [--repo PATH]"
  let discussion = """
    Reads the tenant's workday or ukg source from the committed configuration, fetches every
    record (Workday: the custom report as JSON; UKG Pro: person-details and employment-details,
    page by page), maps them into the directory's fields and kept custom fields, and commits the
    result as tenants/<T>/sources/<S>.csv in the CSV layout of a dropped file, one worker a line,
    sorted by Employee ID. Run sync afterwards (run-daily does both). Same content twice commits
    nothing.

    Credentials come from the environment variables the source's auth names (or from the file
    <NAME>_FILE names), never from git; they are redacted from every message. Requests are retried
    on 429, 5xx and network errors with backoff, honouring Retry-After; never on 401 or 403. Any
    failed request or page fails the fetch with exit 8, and the snapshot in force is kept.
    """
  let options = [
    Common.repo,
    OptionSpec("tenant", value: "T", help: "the tenant to fetch for"),
    OptionSpec("source", value: "S", help: "only this workday or ukg source (default: each of the tenant's)"),
  ]

  func run(_ arguments: Arguments, context: CommandContext) throws -> ExitCode {
    try Common.noPositionals(arguments, name)
    guard let tenant = arguments.value("tenant") else { throw UsageError("fetch needs --tenant") }
    let service = FetchService(try Common.app(arguments, context))
    for outcome in try service.fetch(tenant: tenant, source: arguments.value("source")) {
      for line in Self.describe(outcome) { context.console.line(line) }
    }
    return .success
  }

  /// A line for the fetch, then its warnings and rejected rows.
  static func describe(_ outcome: FetchOutcome) -> [String] {
    let report = outcome.report
    func count(_ number: Int, _ one: String, _ many: String) -> String { "\(number) \(number == 1 ? one : many)" }
    var facts = [count(report.records, "record", "records"), count(report.workers, "worker", "workers")]
    if report.merged > 0 { facts.append(count(report.merged, "row merged into an earlier one", "rows merged into earlier ones")) }
    if report.rehired > 0 { facts.append("\(report.rehired) rehired") }
    if report.leftOut > 0 { facts.append("\(report.leftOut) left out (status says left, no date)") }
    let rejected = outcome.ingest.snapshot.rejected.count
    if rejected > 0 { facts.append(count(rejected, "row rejected", "rows rejected")) }
    let result =
      switch outcome.ingest.result {
      case .committed(let commit): "committed \(commit.short)"
      case .unchanged: "unchanged, nothing committed"
      case .refused(let summary): "refused: \(summary)"
      }
    var lines = [
      "\(outcome.tenant)/\(outcome.source): fetched from \(outcome.kind.rawValue) in \(count(outcome.requests, "request", "requests")) (\(outcome.bytes) bytes): "
        + facts.joined(separator: ", ") + "; \(result)"
    ]
    for item in Diagnostic.sorted(report.diagnostics + outcome.ingest.snapshot.diagnostics) { lines.append("  \(item)") }
    return lines
  }
}
