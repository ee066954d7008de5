import PeopleSyncApp
import PeopleSyncCore

struct ReplayCommand: Command {
  let name = "replay"
  let abstract = "Re-run a sync commit from its parent and check it reproduces the same tree"
  let usage = "replay REV [--repo PATH]"
  let discussion =
    "Uses the as-of date and inputs recorded in the commit's trailers. Exits 0 when the tree is reproduced, 1 when it is not."
  let options = [Common.repo]

  func run(_ arguments: Arguments, context: CommandContext) throws -> ExitCode {
    guard arguments.positionals.count == 1 else { throw UsageError("replay needs one revision: peoplesync replay REV") }
    let app = try Common.app(arguments, context)
    let outcome = try ReplayService(app).replay(arguments.positionals[0])
    if outcome.reproduces {
      context.console.line(
        "\(outcome.commit.short) (\(outcome.tenant), as of \(outcome.asOf)): reproduced tree \(outcome.replayedTree.short)")
      return .success
    }
    var text = "\(outcome.commit.short) (\(outcome.tenant), as of \(outcome.asOf)): NOT reproduced"
    if outcome.inputMismatch { text += "; the inputs in its parent differ from those its trailers record" }
    if outcome.recordedTree != outcome.replayedTree {
      text += "; recorded tree \(outcome.recordedTree.short), replay gives \(outcome.replayedTree.short)"
    }
    context.console.line(text)
    return .changes
  }
}
