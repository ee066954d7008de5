import PeopleSyncApp

struct VersionCommand: Command {
  let name = "version"
  let abstract = "Print the version"
  let usage = "version"
  let discussion = ""
  let options: [OptionSpec] = []

  func run(_ arguments: Arguments, context: CommandContext) throws -> ExitCode {
    context.console.line("peoplesync \(PeopleSyncVersion.current)")
    return .success
  }
}
