import Foundation
import PeopleSyncApp
import PeopleSyncCore

struct StatusCommand: Command {
  let name = "status"
  let abstract = "Show each tenant's last sync and what the safeguard holds back"
  let usage = "status [--repo PATH] [--tenant T] [--as-of YYYY-MM-DD] [--format text|json]"
  let discussion = """
    For each tenant: its last sync commit, and what a sync at the branch head would do now, as
    'sync' and 'serve' would plan it. Deprovisions the safeguard holds back are listed with why;
    they stay held until a complete snapshot brings the people back or 'sync --override-safeguard'
    applies them. Exits 4 when the safeguard holds anything back, 3 when a tenant's inputs are invalid.
    """
  let options = [
    Common.repo, Common.tenant, Common.asOf, OptionSpec("format", value: "text|json", help: "output format (default: text)"),
  ]

  func run(_ arguments: Arguments, context: CommandContext) throws -> ExitCode {
    try Common.noPositionals(arguments, name)
    let format = try Common.format(arguments, allowed: [.text, .json])
    let app = try Common.app(arguments, context)
    let statuses = try StatusService(app).status(
      tenant: arguments.value("tenant"), asOf: try Common.asOf(arguments))
    var worst = ExitCode.success
    var lines: [String] = []
    var documents: [JSONValue] = []
    for status in statuses {
      let plan = status.plan
      if !plan.blockingErrors.isEmpty { worst = max(worst, .invalidInput) } else if !plan.held.isEmpty { worst = max(worst, .safeguard) }
      let last = status.lastSync.map {
        "last sync \($0.id.short) (\(Self.date($0.time))): \($0.message.split(separator: "\n").first ?? "")"
      }
      lines.append("\(plan.tenant): \(last ?? "never synced")")
      if status.lastSyncHeld > 0 { lines.append("  that sync held \(RenderText.plural(status.lastSyncHeld, "deprovision")) back") }
      lines.append("  a sync as of \(plan.asOf) now: \(PlanRenderer.headline(plan))")
      lines += PlanRenderer.heldLines(plan)
      documents.append(
        .object(
          JSONObject([
            ("tenant", .string(plan.tenant)), ("lastSync", status.lastSync.map { .string($0.id.hex) } ?? .null),
            ("lastSyncHeld", .int(status.lastSyncHeld)), ("plan", PlanRenderer.json(plan)),
          ])))
    }
    context.console.data(
      format == .json ? JSONWriter.pretty(.object(JSONObject([("tenants", .array(documents))]))) : lines.joined(separator: "\n") + "\n")
    return worst
  }

  static func date(_ seconds: Int64) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
  }
}
