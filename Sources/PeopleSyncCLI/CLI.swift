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
    var effective = settings ?? Settings.fromEnvironment(environment)
    effective.notes = { console.note($0) }
    let context = CommandContext(console: console, settings: effective, environment: environment, currentDirectory: currentDirectory)
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
    do {
      let arguments = try Arguments.parse(Array(words.dropFirst()), specs: command.options + [Common.help])
      if arguments.flag("help") {
        console.data(help(for: command))
        return ExitCode.success.rawValue
      }
      return try command.run(arguments, context: context).rawValue
    } catch {
      return ErrorReport.report(error, console: console).rawValue
    }
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
    for option in command.options + [Common.help] {
      let head = "--\(option.name)" + (option.value.map { " \($0)" } ?? "")
      text += "  \(head.padding(toLength: 30, withPad: " ", startingAt: 0))\(option.help)\n"
    }
    return text
  }
}
