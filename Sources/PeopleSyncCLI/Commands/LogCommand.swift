import Foundation
import PeopleSyncApp
import PeopleSyncCore

struct LogCommand: Command {
  let name = "log"
  let abstract = "Show the history of one person across sync commits"
  let usage = "log --tenant T --person EMAIL-OR-ID [--repo PATH] [--rev REV] [--format text|json]"
  let discussion = "The person may be named by email, Employee ID or person id. Commits are listed newest first."
  let options = [
    Common.repo, Common.tenant, Common.rev,
    OptionSpec("person", value: "EMAIL-OR-ID", help: "the person: an email, an Employee ID or a person id"),
    OptionSpec("format", value: "text|json", help: "output format (default: text)"),
  ]

  func run(_ arguments: Arguments, context: CommandContext) throws -> ExitCode {
    try Common.noPositionals(arguments, name)
    guard let tenant = arguments.value("tenant") else { throw UsageError("log needs --tenant") }
    guard let person = arguments.value("person") else { throw UsageError("log needs --person") }
    let format = try Common.format(arguments, allowed: [.text, .json])
    let app = try Common.app(arguments, context)
    let (id, events) = try HistoryService(app)
      .history(tenant: tenant, query: person, revision: arguments.value("rev"))
    if format == .json {
      let list: [JSONValue] = events.map { event in
        var change = ChangeJSON.change(event.change).objectValue!
        change["commit"] = .string(event.commit.id.hex)
        change["date"] = .string(Self.date(event.commit.time))
        change["subject"] = .string(event.commit.subject)
        return .object(change)
      }
      context.console.data(
        JSONWriter.pretty(.object(JSONObject([("tenant", .string(tenant)), ("id", .string(id.hex)), ("events", .array(list))]))))
      return .success
    }
    var text = "\(tenant) person \(id): \(events.count) change\(events.count == 1 ? "" : "s")\n"
    for event in events {
      text += "\n\(event.commit.id.short)  \(Self.date(event.commit.time))  \(event.commit.subject)\n"
      text += PlanRenderer.changeLines([event.change]).joined(separator: "\n") + "\n"
      if event.change.kind != .update && event.change.kind != .reactivate {
        for field in event.change.fields {
          text += "      \(field.field): \(RenderText.value(field.old)) → \(RenderText.value(field.new))\n"
        }
      }
    }
    context.console.data(text)
    return .success
  }

  static func date(_ seconds: Int64) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
  }
}
