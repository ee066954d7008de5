import PeopleSyncApp
import PeopleSyncCore

struct PlanCommand: Command {
  let name = "plan"
  let abstract = "Show the changes a sync would make, without making them"
  let usage = "plan [--repo PATH] [--tenant T] [--rev REV] [--as-of YYYY-MM-DD] [--format text|json|markdown] [--exit-code]"
  let discussion = """
    Uses exactly the code path of 'sync', stopping before anything is written.
    Exits 3 when a tenant's inputs are invalid and 4 when the safeguard would stop the sync;
    with --exit-code, 1 means there are changes.
    """
  let options = [
    Common.repo, Common.tenant, Common.rev, Common.asOf, Common.format,
    OptionSpec("exit-code", help: "exit 1 when there are changes, 0 when there are none"),
  ]

  func run(_ arguments: Arguments, context: CommandContext) throws -> ExitCode {
    try Common.noPositionals(arguments, name)
    let format = try Common.format(arguments)
    let asOf = try Common.asOf(arguments)
    let repository = try Common.repository(arguments, context)
    let plans = try SyncService(repository: repository, settings: context.settings)
      .plan(revision: arguments.value("rev"), tenant: arguments.value("tenant"), asOf: asOf)
    context.console.data(PlanRenderer.render(plans, format: format))
    if plans.contains(where: { !$0.blockingErrors.isEmpty }) { return .invalidInput }
    if plans.contains(where: { $0.safeguard.isTripped }) { return .safeguard }
    if arguments.flag("exit-code"), plans.contains(where: { !$0.isEmpty }) { return .changes }
    return .success
  }
}
