import Foundation
import PeopleSyncApp
import PeopleSyncCore

struct ValidateCommand: Command {
  let name = "validate"
  let abstract = "Check the committed configuration and snapshots, or a CSV file before ingesting it"
  let usage = "validate [--repo PATH] [--tenant T] [--rev REV] [--format text|json]\nvalidate --tenant T --file PEOPLE.csv [--source S]"
  let discussion = """
    Reports every problem at once, each with its file and line (CSV) or JSON path (configuration).
    Exits 3 when anything is invalid; warnings alone do not fail.
    """
  let options = [
    Common.repo, Common.tenant, Common.rev,
    OptionSpec("file", value: "PEOPLE.csv", help: "validate this file on disk as the tenant's next snapshot"),
    OptionSpec("source", value: "S", help: "the csv source the file is for (default: the tenant's only csv source)"),
    OptionSpec("format", value: "text|json", help: "output format (default: text)"),
  ]

  func run(_ arguments: Arguments, context: CommandContext) throws -> ExitCode {
    try Common.noPositionals(arguments, name)
    let format = try Common.format(arguments, allowed: [.text, .json])
    let app = try Common.app(arguments, context)
    let service = ValidateService(app)
    var diagnostics: [Diagnostic]
    var subject: String
    if let file = arguments.value("file") {
      guard let tenant = arguments.value("tenant") else { throw UsageError("--file needs --tenant") }
      let bytes = try FileInput.read(file)
      let snapshot = try service.validateFile(
        tenant: tenant, source: arguments.value("source"), bytes: bytes, fileName: file, revision: arguments.value("rev"))
      diagnostics = snapshot.diagnostics
      subject = "\(file): \(snapshot.rowCount) rows, \(snapshot.records.count) valid"
    } else {
      let result = try service.validate(revision: arguments.value("rev"), tenant: arguments.value("tenant"))
      diagnostics = result.diagnostics
      subject = "\(result.tenants.count) tenant\(result.tenants.count == 1 ? "" : "s") (\(result.tenants.joined(separator: ", ")))"
    }
    diagnostics = Diagnostic.sorted(diagnostics)
    let errors = diagnostics.errors.count
    let warnings = diagnostics.warnings.count
    switch format {
    case .json:
      context.console.data(
        JSONWriter.pretty(
          .object(
            JSONObject([
              ("valid", .bool(errors == 0)), ("errors", .int(errors)), ("warnings", .int(warnings)),
              ("diagnostics", .array(diagnostics.map(ChangeJSON.diagnostic))),
            ]))))
    default:
      for item in diagnostics { context.console.line(item.description) }
      context.console.line(
        "\(errors == 0 ? "valid" : "invalid"): \(subject); \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
      )
    }
    return errors == 0 ? .success : .invalidInput
  }
}

/// Reads files named on the command line, with errors that say which.
enum FileInput {
  /// The file's bytes; refused unread when it is larger than `maxBytes`.
  static func read(_ path: String, maxBytes: Int? = nil) throws -> [UInt8] {
    var info = stat()
    if let maxBytes, stat(path, &info) == 0, Int(info.st_size) > maxBytes {
      throw AppError.invalidInput(
        summary:
          "\(path) is \(ByteCount.text(Int(info.st_size))), more than --max-file-bytes (\(ByteCount.text(maxBytes))); nothing was read or committed",
        diagnostics: [])
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw AppError.notFound("cannot read \(path): no such file, or not readable")
    }
    return [UInt8](data)
  }
}
