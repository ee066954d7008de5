import PeopleSyncApp
import PeopleSyncCore

struct DiffCommand: Command {
  let name = "diff"
  let abstract = "Show the directory changes between two commits"
  let usage = "diff REV1 REV2 [--repo PATH] [--tenant T] [--format text|json|markdown] [--exit-code]"
  let discussion =
    "Semantic changes per person (provisioned, updated fields, deprovisioned, reactivated, purged), and which inputs changed."
  let options = [
    Common.repo, Common.tenant, Common.format,
    OptionSpec("exit-code", help: "exit 1 when the directory differs, 0 when it does not"),
  ]

  func run(_ arguments: Arguments, context: CommandContext) throws -> ExitCode {
    guard arguments.positionals.count == 2 else { throw UsageError("diff needs two revisions: peoplesync diff REV1 REV2") }
    let format = try Common.format(arguments)
    let app = try Common.app(arguments, context)
    let result = try DiffService(app)
      .diff(from: arguments.positionals[0], to: arguments.positionals[1], tenant: arguments.value("tenant"))
    let range = "\(result.from.short)..\(result.to.short)"
    switch format {
    case .json:
      let tenants: [JSONValue] = result.tenants.map { diff in
        .object(
          JSONObject([
            ("tenant", .string(diff.tenant)), ("summary", .object(ChangeJSON.summary(diff.changes))),
            ("changes", .array(diff.changes.map(ChangeJSON.change))), ("groups", .array(diff.groupChanges.map(ChangeJSON.group))),
            ("inputChanges", .array(diff.inputChanges.map(JSONValue.string))),
          ]))
      }
      var summary = ChangeJSON.summary(result.tenants.flatMap(\.changes))
      summary["tenants"] = .int(result.tenants.count)
      context.console.data(
        JSONWriter.pretty(
          .object(
            JSONObject([
              ("from", .string(result.from.hex)), ("to", .string(result.to.hex)), ("summary", .object(summary)),
              ("tenants", .array(tenants)),
            ]))))
    case .markdown:
      var text = "## Directory changes \(range)\n\n"
      if result.tenants.isEmpty { text += "No changes.\n" }
      for diff in result.tenants {
        text += "### `\(diff.tenant)`\n\n" + ChangeMarkdown.table(diff.changes) + ChangeMarkdown.groups(diff.groupChanges)
        if !diff.inputChanges.isEmpty { text += "\nInputs changed: " + diff.inputChanges.map { "`\($0)`" }.joined(separator: ", ") + "\n" }
        text += "\n"
      }
      context.console.data(text)
    case .text:
      var text = ""
      if result.tenants.isEmpty { text = "no changes between \(range)\n" }
      for diff in result.tenants {
        var summary = Change.Kind.allCases.compactMap { kind -> String? in
          let count = diff.changes.filter { $0.kind == kind }.count
          return count > 0 ? "\(count) \(kind.pastTense)" : nil
        }
        if !diff.groupChanges.isEmpty {
          summary.append("\(diff.groupChanges.count) group\(diff.groupChanges.count == 1 ? "" : "s") changed")
        }
        text += "\(diff.tenant) \(range): \(summary.isEmpty ? "no directory changes" : summary.joined(separator: ", "))\n"
        text += PlanRenderer.changeLines(diff.changes).map { $0 + "\n" }.joined()
        text += PlanRenderer.groupLines(diff.groupChanges).map { $0 + "\n" }.joined()
        for path in diff.inputChanges { text += "  input changed: \(path)\n" }
      }
      context.console.data(text)
    }
    if arguments.flag("exit-code"), result.tenants.contains(where: { !$0.changes.isEmpty || !$0.groupChanges.isEmpty }) { return .changes }
    return .success
  }
}
