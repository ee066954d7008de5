import PeopleSyncApp
import PeopleSyncCore

struct PlanCommand: Command {
  let name = "plan"
  let abstract = "Show the changes a sync would make, without making them"
  let usage = """
    plan [--repo PATH] [--tenant T] [--rev REV] [--as-of YYYY-MM-DD] [--format text|json|markdown] [--exit-code]
      peoplesync plan --base REV --head REV [--show-personal-data] [--tenant T] [--as-of YYYY-MM-DD] [--format markdown] [--exit-code]
    """
  let discussion = """
    Uses exactly the code path of 'sync', stopping before anything is written.
    With --base and --head: what merging head into base would change in the directory (a
    pull-request preview): the tree 'git merge' would produce, planned as 'sync' will plan it
    after the merge. Configuration, rules and snapshots may all differ. Personal data is masked
    unless --show-personal-data is given.
    Exits 3 when a tenant's inputs are invalid (or the branches do not merge cleanly) and 4 when
    the safeguard would hold deprovisions back (the rest would still apply); with --exit-code, 1
    means there are changes.
    """
  let options = [
    Common.repo, Common.tenant, Common.rev, Common.asOf, Common.format,
    OptionSpec("base", value: "REV", help: "preview a merge into this revision (with --head)"),
    OptionSpec("head", value: "REV", help: "the revision to be merged (with --base)"),
    OptionSpec("show-personal-data", help: "with --base/--head: show names, emails and other personal data instead of masking them"),
    OptionSpec("exit-code", help: "exit 1 when there are changes, 0 when there are none"),
  ]

  func run(_ arguments: Arguments, context: CommandContext) throws -> ExitCode {
    try Common.noPositionals(arguments, name)
    let format = try Common.format(arguments)
    let asOf = try Common.asOf(arguments)
    let app = try Common.app(arguments, context)
    let plans: [TenantPlan]
    switch (arguments.value("base"), arguments.value("head")) {
    case (nil, nil):
      if arguments.flag("show-personal-data") { throw UsageError("--show-personal-data goes with --base and --head") }
      plans = try SyncService(app)
        .plan(revision: arguments.value("rev"), tenant: arguments.value("tenant"), asOf: asOf)
      context.console.data(PlanRenderer.render(plans, format: format))
    case (let base?, let head?):
      if arguments.value("rev") != nil { throw UsageError("--rev does not go with --base and --head") }
      let preview = try PreviewService(app)
        .preview(base: base, head: head, tenant: arguments.value("tenant"), asOf: asOf)
      let masked = !arguments.flag("show-personal-data")
      plans = preview.plans
      context.console.data(
        PreviewRenderer.render(
          masked ? preview.plans.map(PersonalDataMask.plan) : preview.plans, format: format, base: base, head: head,
          baseID: preview.base.short, headID: preview.head.short, tree: preview.tree.hex, inputChanges: preview.inputChanges, masked: masked
        ))
    default:
      throw UsageError("--base and --head go together: peoplesync plan --base main --head my-branch")
    }
    if plans.contains(where: { !$0.blockingErrors.isEmpty }) { return .invalidInput }
    if plans.contains(where: { !$0.held.isEmpty }) { return .safeguard }
    if arguments.flag("exit-code"), plans.contains(where: { !$0.isEmpty }) { return .changes }
    return .success
  }
}
