import Foundation
import GitKit
import PeopleSyncCore

/// What the application layer needs from its surroundings, injectable for tests.
package struct Settings: Sendable {
  /// Where the keys for encrypted tenants come from.
  package var keys: KeyConfiguration
  /// Messages for the person running the command (on stderr for the CLI).
  package var notes: @Sendable (String) -> Void
  /// The commit author; nil uses git config's user, then "PeopleSync".
  package var author: (name: String, email: String)?
  package var now: @Sendable () -> Date
  package var version: String
  /// Where API sources' credentials are read from.
  package var environment: [String: String]
  /// Where long commands report their phases and counts (a terminal's progress line for the CLI).
  package var progress: any ProgressSink = SilentProgress()

  package init(
    keys: KeyConfiguration = KeyConfiguration(), notes: @escaping @Sendable (String) -> Void = { _ in },
    author: (name: String, email: String)? = nil, now: @escaping @Sendable () -> Date = { Date() },
    version: String = PeopleSyncVersion.current, environment: [String: String] = ProcessInfo.processInfo.environment
  ) {
    self.environment = environment
    self.keys = keys
    self.notes = notes
    self.author = author
    self.now = now
    self.version = version
  }

  /// Reads `PEOPLESYNC_AUTHOR_NAME` and `PEOPLESYNC_AUTHOR_EMAIL` when both are set.
  package static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Settings {
    var settings = Settings(keys: KeyConfiguration.fromEnvironment(environment), environment: environment)
    if let name = environment["PEOPLESYNC_AUTHOR_NAME"], let email = environment["PEOPLESYNC_AUTHOR_EMAIL"] {
      settings.author = (name, email)
    }
    return settings
  }
}

extension Settings {
  /// Keys and codecs for one command on `repository`; `writing` when it may create keys.
  func protection(for repository: Repository, writing: Bool) -> DataProtection {
    DataProtection(
      repository: repository, configuration: keys, today: AsOf.today(in: "UTC", now: now()), writable: writing, notes: notes)
  }
}

/// The tool's version, recorded in every commit it writes.
package enum PeopleSyncVersion {
  package static let current = "0.1.0"
}
