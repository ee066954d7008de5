import PeopleSyncApp
import PeopleSyncCore

/// The exit codes, documented in the README and in `peoplesync help`.
package enum ExitCode: Int32, CaseIterable, Sendable, Comparable {
  case success = 0
  /// With `--exit-code`: there are changes (as `git diff --exit-code`).
  case changes = 1
  case usage = 2
  /// Invalid configuration or snapshot; nothing was changed.
  case invalidInput = 3
  /// The safeguard held deprovisions back; everything else was committed.
  case safeguard = 4
  /// A revision, tenant or person that does not exist, or a repository that cannot be read; with
  /// `--push`, a remote that cannot be used.
  case repository = 5
  /// Another writer kept moving the branch (with `--push`: or the remote kept refusing).
  case contention = 6
  /// Keys missing, wrong or damaged: nothing was changed.
  case keys = 7
  /// An HR system's API could not be fetched from: nothing was changed.
  case fetch = 8

  /// Which of two outcomes a run that had both reports: the higher code is the more serious.
  package static func < (lhs: ExitCode, rhs: ExitCode) -> Bool { lhs.rawValue < rhs.rawValue }

  package var meaning: String {
    switch self {
    case .success: "success (no changes, or changes applied)"
    case .changes: "with --exit-code: there are changes"
    case .usage: "bad command line"
    case .invalidInput: "invalid configuration or snapshot; nothing was changed"
    case .safeguard: "the safeguard held deprovisions back (absent or excluded people over its limit); everything else was committed"
    case .repository:
      "repository, revision, tenant or person not found or unreadable; with --push, also a remote that cannot be reached, "
        + "refuses the credentials, or lacks commits the local branch has"
    case .contention:
      "the branch kept moving under concurrent writers (with --push: or the remote kept refusing the push); that commit was not made"
    case .keys: "keys missing, wrong or damaged (keystore, master key, or encrypted data); nothing was changed"
    case .fetch: "an HR system's API could not be fetched from (network, server, credentials); nothing was changed"
    }
  }
}

/// The one place errors become messages and exit codes.
enum ErrorReport {
  static func report(_ error: Error, console: Console) -> ExitCode {
    switch error {
    case let error as UsageError:
      console.note("peoplesync: \(error.message)\nRun 'peoplesync help' for usage.")
      return .usage
    case let error as AppError:
      console.note("peoplesync: \(error.description)")
      if case .invalidInput(_, let diagnostics) = error {
        for item in Diagnostic.sorted(diagnostics) { console.note("  \(item)") }
      }
      switch error {
      case .invalidInput: return .invalidInput
      case .safeguard: return .safeguard
      case .notFound, .repository: return .repository
      case .contention: return .contention
      case .usage: return .usage
      case .keys: return .keys
      case .fetch: return .fetch
      }
    case let error as DataProtectionError:
      console.note("peoplesync: \(error)")
      return .keys
    case let error as KeystoreError:
      console.note("peoplesync: \(error)")
      return .keys
    default:
      console.note("peoplesync: \(error)")
      return .repository
    }
  }
}
