import PeopleSyncApp
import PeopleSyncCore

struct ExplainCommand: Command {
  let name = "explain"
  let abstract = "Show where each value of a person's entry comes from"
  let usage = "explain --tenant T --person EMAIL-OR-ID [--repo PATH] [--rev REV] [--as-of YYYY-MM-DD] [--format text|json]"
  let discussion = """
    For each field: the source file, line and column it was read from, the rule that set it, or the
    warning that left it blank; the rules that matched, the person's status, and what the next sync
    would change. Encrypted entries are read with the keystore, as for every command.
    """
  let options = [
    Common.repo, Common.tenant, OptionSpec("person", value: "EMAIL-OR-ID", help: "an email, an Employee ID or a person id"), Common.rev,
    Common.asOf, OptionSpec("format", value: "text|json", help: "output format (default: text)"),
  ]

  func run(_ arguments: Arguments, context: CommandContext) throws -> ExitCode {
    try Common.noPositionals(arguments, name)
    let format = try Common.format(arguments, allowed: [.text, .json])
    guard let tenant = arguments.value("tenant"), let person = arguments.value("person") else {
      throw UsageError("explain needs --tenant and --person: peoplesync explain --tenant acme --person ada@acme.example")
    }
    let app = try Common.app(arguments, context)
    let explanation = try ExplainService(app)
      .explain(tenant: tenant, person: person, revision: arguments.value("rev"), asOf: try Common.asOf(arguments))
    context.console.data(format == .json ? JSONWriter.pretty(Self.json(explanation)) : Self.text(explanation))
    return .success
  }

  static func text(_ explanation: Explanation) -> String {
    var lines = ["\(explanation.label)\(explanation.employeeId.map { " (\($0))" } ?? ""), person \(explanation.id)"]
    lines.append("status: \(explanation.status)")
    let width = min(24, explanation.fields.map(\.name.count).max() ?? 0)
    let valueWidth = min(36, explanation.fields.map { ($0.value ?? "(blank)").count }.max() ?? 0)
    for field in explanation.fields {
      let name = field.name.padding(toLength: max(width, field.name.count), withPad: " ", startingAt: 0)
      let value = (field.value ?? "(blank)")
      lines.append("  \(name)  \(value.padding(toLength: max(valueWidth, value.count), withPad: " ", startingAt: 0))  \(field.origin)")
    }
    for note in explanation.notes { lines.append("  \(note)") }
    if let change = explanation.change, change.kind == .update || change.kind == .reactivate {
      lines.append("  next sync: \(change.kind.rawValue)")
      for field in change.fields where field.field != "status" {
        lines.append("    \(field.field): \(RenderText.value(field.old)) → \(RenderText.value(field.new))")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func json(_ explanation: Explanation) -> JSONValue {
    var object = JSONObject()
    object["id"] = .string(explanation.id.hex)
    object["email"] = .string(explanation.label)
    if let id = explanation.employeeId { object["employeeId"] = .string(id) }
    if let record = explanation.record { object["record"] = .string(record) }
    object["status"] = .string(explanation.status)
    object["fields"] = .array(
      explanation.fields.map { field in
        .object(
          JSONObject([
            ("field", .string(field.name)), ("value", field.value.map(JSONValue.string) ?? .null), ("origin", .string(field.origin)),
          ]))
      })
    object["notes"] = .array(explanation.notes.map(JSONValue.string))
    object["change"] = explanation.change.map(ChangeJSON.change) ?? .null
    if let committed = explanation.committed { object["committedStatus"] = .string(committed.status.rawValue) }
    return .object(object)
  }
}
