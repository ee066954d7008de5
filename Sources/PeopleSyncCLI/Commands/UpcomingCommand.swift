import PeopleSyncApp
import PeopleSyncCore

struct UpcomingCommand: Command {
  let name = "upcoming"
  let abstract = "List the terminations, purges and hires the committed data schedules in the next days"
  let usage = "upcoming --days N [--tenant T] [--repo PATH] [--rev REV] [--as-of YYYY-MM-DD] [--format text|json]"
  let discussion = """
    From committed data only: termination dates ahead, purges when a quarantine ends (also for people a
    scheduled termination or the next sync will deprovision), and future hires with the day they are provisioned;
    and the deprovisions the safeguard holds back (exit 4), with why.
    """
  let options = [
    Common.repo, Common.tenant, OptionSpec("days", value: "N", help: "how far to look ahead, in days (1 to 3650)"), Common.rev, Common.asOf,
    OptionSpec("format", value: "text|json", help: "output format (default: text)"),
  ]

  func run(_ arguments: Arguments, context: CommandContext) throws -> ExitCode {
    try Common.noPositionals(arguments, name)
    let format = try Common.format(arguments, allowed: [.text, .json])
    guard let text = arguments.value("days"), let days = Int(text), (1...3650).contains(days) else {
      throw UsageError("upcoming needs --days N, a number of days from 1 to 3650")
    }
    let app = try Common.app(arguments, context)
    let service = SyncService(app)
    let plans = try service.plan(revision: arguments.value("rev"), tenant: arguments.value("tenant"), asOf: try Common.asOf(arguments))
    let quarantine = try service.quarantineDays(revision: arguments.value("rev"), tenants: plans.map(\.tenant))
    var documents: [JSONValue] = []
    var lines: [String] = []
    var invalid = false
    var held = false
    for plan in plans {
      guard plan.blockingErrors.isEmpty, let quarantineDays = quarantine[plan.tenant] else {
        invalid = true
        lines.append("\(plan.tenant): cannot look ahead: \(plan.blockingErrors.count) error(s) in the inputs (peoplesync validate)")
        continue
      }
      let events = Upcoming.events(plan, quarantineDays: quarantineDays, days: days)
      lines.append(
        "\(plan.tenant) as of \(plan.asOf), next \(days) days: \(events.isEmpty ? "nothing scheduled" : "\(events.count) events")")
      for event in events {
        let what = event.kind == .hire ? "hire (provisioned)" : event.kind.rawValue
        lines.append("  \(event.date)  \(what.padding(toLength: 18, withPad: " ", startingAt: 0))  \(event.label)")
      }
      lines += PlanRenderer.heldLines(plan)
      held = held || !plan.held.isEmpty
      documents.append(
        .object(
          JSONObject([
            ("tenant", .string(plan.tenant)), ("asOf", .string(plan.asOf.description)), ("days", .int(days)),
            (
              "events",
              .array(
                events.map { event in
                  .object(
                    JSONObject([
                      ("date", .string(event.date.description)), ("kind", .string(event.kind.rawValue)), ("id", .string(event.id.hex)),
                      ("email", .string(event.label)),
                    ]))
                })
            ),
            ("held", .array(plan.held.map(ChangeJSON.change))),
            ("safeguard", .string(plan.held.isEmpty ? "" : plan.safeguard.explanation)),
          ])))
    }
    context.console.data(
      format == .json ? JSONWriter.pretty(.object(JSONObject([("tenants", .array(documents))]))) : lines.joined(separator: "\n") + "\n")
    return invalid ? .invalidInput : held ? .safeguard : .success
  }
}
