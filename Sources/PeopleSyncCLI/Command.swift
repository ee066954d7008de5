import PeopleSyncApp
import PeopleSyncCore

/// A subcommand: its help text, its options, and what it does.
protocol Command: Sendable {
  var name: String { get }
  /// One line for the command table.
  var abstract: String { get }
  /// The synopsis lines after `peoplesync`.
  var usage: String { get }
  /// A paragraph or two shown by `--help`.
  var discussion: String { get }
  var options: [OptionSpec] { get }
  /// Whether it reports progress on a terminal (and takes `--quiet`): the commands that can run for minutes.
  var reportsProgress: Bool { get }
  func run(_ arguments: Arguments, context: CommandContext) throws -> ExitCode
}

extension Command {
  var reportsProgress: Bool { false }
}

/// What every command runs with.
struct CommandContext {
  let console: Console
  var settings: Settings
  let environment: [String: String]
  let currentDirectory: String
}

/// Options most commands share.
enum Common {
  static let repo = OptionSpec("repo", value: "PATH", help: "the state repository (default: the current directory); bare repositories work")
  static let tenant = OptionSpec("tenant", value: "T", help: "only this tenant (default: every tenant)")
  static let rev = OptionSpec("rev", value: "REV", help: "read the committed state at this revision (default: the branch head)")
  static let asOf = OptionSpec("as-of", value: "YYYY-MM-DD", help: "the date to compute for (default: today in each tenant's time zone)")
  static let format = OptionSpec("format", value: "text|json|markdown", help: "output format (default: text)")
  static let help = OptionSpec("help", help: "show this help")
  static let push = OptionSpec(
    "push", value: "REMOTE", optional: true,
    help: "plan on REMOTE's branch (default: origin) and push each commit there; see docs/operations.md")
  static let quiet = OptionSpec("quiet", help: "show no progress (shown only when stderr is a terminal)")

  /// The state repository `--repo` names (default: the current directory), with the command's settings.
  static func app(_ arguments: Arguments, _ context: CommandContext) throws -> AppContext {
    try AppContext.open(at: arguments.value("repo") ?? context.currentDirectory, settings: context.settings)
  }

  static func asOf(_ arguments: Arguments) throws -> Day? {
    guard let text = arguments.value("as-of") else { return nil }
    guard let day = Day(text) else { throw UsageError("--as-of '\(text)' is not a date in YYYY-MM-DD form") }
    return day
  }

  static func format(_ arguments: Arguments, allowed: [OutputFormat] = OutputFormat.allCases) throws -> OutputFormat {
    guard let text = arguments.value("format") else { return .text }
    guard let format = OutputFormat(rawValue: text), allowed.contains(format) else {
      throw UsageError("--format must be one of: \(allowed.map(\.rawValue).joined(separator: ", "))")
    }
    return format
  }

  /// The remote `--push` names (`origin` when none is given), nil without `--push`.
  static func push(_ arguments: Arguments, _ app: AppContext) throws -> BranchPush? {
    guard arguments.flag("push") else { return nil }
    let remote = arguments.value("push") ?? "origin"
    guard !remote.isEmpty else { throw UsageError("--push needs a remote name, URL or path when given '='") }
    return try BranchPush(app, remote: remote)
  }

  /// Refuses positional arguments a command does not take.
  static func noPositionals(_ arguments: Arguments, _ command: String) throws {
    if let extra = arguments.positionals.first { throw UsageError("\(command) takes no argument '\(extra)'") }
  }
}
