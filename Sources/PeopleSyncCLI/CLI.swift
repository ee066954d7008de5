import Foundation
import PeopleSyncApp

/// The command table and dispatcher behind `peoplesync`.
package enum CLI {
  static let commands: [any Command] = [
    ValidateCommand(), IngestCommand(), FetchCommand(), PlanCommand(), SyncCommand(), DiffCommand(), LogCommand(), ExplainCommand(),
    UpcomingCommand(), StatusCommand(),
    ReplayCommand(), RunDailyCommand(), ServeCommand(), SCIMTokenCommand(),
    EncryptCommand(), KeysCommand(), TextconvCommand(), VersionCommand(),
  ]

  /// Runs one command line and returns its exit code.
  package static func run(
    _ words: [String], console: Console = .standard, settings: Settings? = nil,
    environment: [String: String] = ProcessInfo.processInfo.environment,
    currentDirectory: String = FileManager.default.currentDirectoryPath
  ) -> Int32 {
    let effective = settings ?? Settings.fromEnvironment(environment)
    guard let first = words.first, first != "help", first != "--help", first != "-h" else {
      if words.count > 1, let command = commands.first(where: { $0.name == words[1] }) {
        console.data(help(for: command))
      } else {
        console.data(overview())
      }
      return ExitCode.success.rawValue
    }
    if first == "--version" {
      return run(["version"], console: console, settings: settings, environment: environment, currentDirectory: currentDirectory)
    }
    guard let command = commands.first(where: { $0.name == first }) else {
      return ErrorReport.report(UsageError("unknown command '\(first)'"), console: console).rawValue
    }
    let arguments: Arguments
    do {
      arguments = try Arguments.parse(Array(words.dropFirst()), specs: options(of: command))
    } catch {
      return ErrorReport.report(error, console: console).rawValue
    }
    if arguments.flag("help") {
      console.data(help(for: command))
      return ExitCode.success.rawValue
    }
    var context = CommandContext(console: console, settings: effective, environment: environment, currentDirectory: currentDirectory)
    let progress = progressLine(for: command, arguments, console: console, environment: environment)
    if let progress {
      context = CommandContext(
        console: console.clearing(progress), settings: effective, environment: environment, currentDirectory: currentDirectory)
      context.settings.progress = progress
      progress.start()
    }
    defer { progress?.finish() }
    let messages = context.console
    context.settings.notes = { messages.note($0) }
    do {
      return try command.run(arguments, context: context).rawValue
    } catch {
      return ErrorReport.report(error, console: context.console).rawValue
    }
  }

  /// A command's options, with those every command has.
  static func options(of command: any Command) -> [OptionSpec] {
    command.options + (command.reportsProgress ? [Common.quiet] : []) + [Common.help]
  }

  /// The progress line for a long command whose messages reach a terminal, unless `--quiet`;
  /// none under `PEOPLESYNC_TIMINGS=1`, whose lines it would break up.
  static func progressLine(for command: any Command, _ arguments: Arguments, console: Console, environment: [String: String])
    -> ProgressLine?
  {
    guard command.reportsProgress, console.errIsTerminal, !arguments.flag("quiet"), environment["PEOPLESYNC_TIMINGS"] != "1" else {
      return nil
    }
    return ProgressLine(prefix: "\(command.name): ", color: Terminal.allowsEscapes(environment), write: { console.raw($0) })
  }

  static func overview() -> String {
    var text = """
      peoplesync — load employees into a people directory kept in git, and keep it right

      Usage: peoplesync <command> [options]

      Commands:

      """
    for command in commands { text += "  \(command.name.padding(toLength: 10, withPad: " ", startingAt: 0))\(command.abstract)\n" }
    text += "\nRun 'peoplesync <command> --help' for a command's options.\n\nExit codes:\n"
    for code in ExitCode.allCases { text += "  \(code.rawValue)  \(code.meaning)\n" }
    return text
  }

  static func help(for command: any Command) -> String {
    var text = "\(command.abstract)\n\nUsage:\n"
    for line in command.usage.split(separator: "\n") { text += "  peoplesync \(line)\n" }
    if !command.discussion.isEmpty { text += "\n\(command.discussion)\n" }
    text += "\nOptions:\n"
    for option in options(of: command) {
      let head = option.synopsis
      text += "  \(head.padding(toLength: 30, withPad: " ", startingAt: 0))\(option.help)\n"
    }
    return text
  }
}
