import Foundation
import PeopleSyncApp
import PeopleSyncCore

struct IngestCommand: Command {
  let name = "ingest"
  let abstract = "Validate a CSV file and commit it as a tenant's new snapshot"
  let usage = "ingest --tenant T --file PEOPLE.csv [--source S] [--strict] [--repo PATH]"
  let discussion = """
    The file is committed as received (through libgit2, on the branch HEAD points at). A file that
    cannot be read as a whole (encoding, quoting, missing columns) is refused and nothing is
    committed. Rows with errors are reported; they change nothing when the tenant is synced, and
    the people they name are left as they are. Ingesting the same content twice commits nothing.
    """
  let options = [
    Common.repo, Common.tenant,
    OptionSpec("file", value: "PEOPLE.csv", help: "the CSV file to ingest"),
    OptionSpec("source", value: "S", help: "the csv source it is for (default: the tenant's only csv source)"),
    OptionSpec("strict", help: "refuse the file when any row is rejected"),
  ]

  func run(_ arguments: Arguments, context: CommandContext) throws -> ExitCode {
    try Common.noPositionals(arguments, name)
    guard let tenant = arguments.value("tenant") else { throw UsageError("ingest needs --tenant") }
    guard let file = arguments.value("file") else { throw UsageError("ingest needs --file") }
    let bytes = try FileInput.read(file)
    let repository = try Common.repository(arguments, context)
    let service = IngestService(repository: repository, settings: context.settings)
    if arguments.flag("strict") {
      let snapshot = try ValidateService(repository: repository, settings: context.settings)
        .validateFile(tenant: tenant, source: arguments.value("source"), bytes: bytes, fileName: file, revision: nil)
      if !snapshot.rejected.isEmpty || !snapshot.isUsable {
        throw AppError.invalidInput(
          summary: "\(file) has rejected rows and --strict is set; nothing was committed", diagnostics: snapshot.diagnostics)
      }
    }
    let outcome = try service.ingest(tenant: tenant, source: arguments.value("source"), bytes: bytes, fileName: file)
    for item in Diagnostic.sorted(outcome.snapshot.diagnostics) { context.console.note(item.description) }
    let counts = "\(outcome.snapshot.rowCount) rows, \(outcome.snapshot.records.count) valid, \(outcome.snapshot.rejected.count) rejected"
    switch outcome.result {
    case .committed(let commit):
      context.console.line("ingested \(file) as \(tenant)/\(outcome.source): \(counts); commit \(commit.short)")
    case .unchanged:
      context.console.line("\(tenant)/\(outcome.source) already holds this content (\(counts)); nothing to commit")
    }
    return .success
  }
}
