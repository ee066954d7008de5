import PeopleSyncApp
import PeopleSyncCore

struct SyncCommand: Command {
  let name = "sync"
  let reportsProgress = true
  let abstract = "Apply the plan: write the changed entries and record one commit per tenant"
  let usage = "sync [--repo PATH] [--tenant T] [--as-of YYYY-MM-DD] [--format text|json] [--override-safeguard] [--push [REMOTE]]"
  let discussion = """
    Reads the branch HEAD points at, plans each tenant as 'plan' does, writes only the changed
    directory entries and commits them with trailers that allow a replay. The branch moves by
    compare-and-swap: when another writer moved it meanwhile, the sync is planned again on top.
    Nothing to change: no commit. The safeguard holds back deprovisions of people absent from a
    snapshot or excluded by a rule when there are more than its limit; everything else is still
    committed, the held people listed in the commit. Exits 3 when a tenant's inputs are invalid, 4
    when the safeguard held deprovisions back (the other tenants are still synced).

    With --push (REMOTE: a configured remote, a URL or a path; default origin), the branch is
    fetched first and the local branch fast-forwarded to it (a local branch with commits the remote
    lacks is refused, exit 5); each tenant is planned on the remote's head and its commit pushed
    with a compare-and-swap. When the remote moved (or refused), the branch is fetched again and
    the tenant planned again on the new head: a sync commit is never rebased. After 5 attempts,
    exit 6. A sync that commits nothing pushes nothing. Credentials: PEOPLESYNC_GIT_TOKEN (https),
    PEOPLESYNC_SSH_KEY or the ssh agent (ssh).
    """
  let options = [
    Common.repo, Common.tenant, Common.asOf,
    OptionSpec("format", value: "text|json", help: "output format (default: text)"),
    OptionSpec("override-safeguard", help: "apply the deprovisions the safeguard would hold back; recorded in the commit"),
    Common.push,
  ]

  func run(_ arguments: Arguments, context: CommandContext) throws -> ExitCode {
    try Common.noPositionals(arguments, name)
    let format = try Common.format(arguments, allowed: [.text, .json])
    let asOf = try Common.asOf(arguments)
    let app = try Common.app(arguments, context)
    let service = SyncService(app)
    service.push = try Common.push(arguments, app)
    let outcomes = try service.sync(tenant: arguments.value("tenant"), asOf: asOf, overrideSafeguard: arguments.flag("override-safeguard"))
    var worst = ExitCode.success
    var documents: [JSONValue] = []
    for outcome in outcomes {
      let plan = outcome.plan
      let (status, code) = Self.status(outcome)
      worst = max(worst, code)
      if format == .json {
        var object = PlanRenderer.json(plan).objectValue!
        if case .committed(let commit) = outcome.result { object["commit"] = .string(commit.hex) }
        if let target = outcome.pushedTo {
          object["pushedTo"] = .string(target)
          object["attempts"] = .int(outcome.retries + 1)
        }
        object["result"] = .string(status)
        object["objectsWritten"] = .int(outcome.objectsWritten)
        documents.append(.object(object))
      } else {
        var text = "\(plan.tenant) as of \(plan.asOf): \(status)\n"
        for error in plan.blockingErrors { text += "  error: \(error)\n" }
        if case .committed = outcome.result { text += PlanRenderer.changeLines(plan.changes).joined(separator: "\n") + "\n" }
        text += PlanRenderer.heldLines(plan).map { $0 + "\n" }.joined()
        for row in plan.rejectedRows { for problem in row.problems { text += "  rejected: \(problem)\n" } }
        for warning in plan.warnings { text += "  \(warning)\n" }
        context.console.data(text)
      }
    }
    if format == .json { context.console.data(JSONWriter.pretty(.object(JSONObject([("tenants", .array(documents))])))) }
    return worst
  }

  /// One line saying what a tenant's sync did, and the exit code it calls for.
  /// Exit 4 when the safeguard held deprovisions back, whatever else was committed, so CI alerts.
  static func status(_ outcome: SyncOutcome) -> (String, ExitCode) {
    let plan = outcome.plan
    let held =
      plan.held.isEmpty
      ? ""
      : "; held \(RenderText.plural(plan.held.count, "deprovision")) back: \(plan.safeguard.explanation). "
        + "Check the snapshot: a complete one releases them, --override-safeguard applies them"
    let code: ExitCode = plan.held.isEmpty ? .success : .safeguard
    switch outcome.result {
    case .committed(let commit):
      let pushed = outcome.pushedTo.map { "; pushed to \($0)" + (outcome.retries > 0 ? " at attempt \(outcome.retries + 1)" : "") } ?? ""
      return ("committed \(commit.short): \(plan.summaryLine) (\(outcome.objectsWritten) objects written)\(pushed)\(held)", code)
    case .unchanged:
      if let since = outcome.unchangedSince {
        return ("no changes (the inputs, the as-of date and the directory are those of sync \(since.short); not planned again)", code)
      }
      return ("no changes\(held)", code)
    case .blocked:
      return ("not synced: \(plan.blockingErrors.count) error\(plan.blockingErrors.count == 1 ? "" : "s") in the inputs", .invalidInput)
    }
  }
}
