import Foundation
import PeopleSyncCore

/// What the application layer needs from its surroundings, injectable for tests.
public struct Settings: Sendable {
  /// The seam personal data goes through on its way into git.
  public var codec: any BlobCodec
  public var identifier: any PersonIdentifier
  /// The commit author; nil uses git config's user, then "PeopleSync".
  public var author: (name: String, email: String)?
  public var now: @Sendable () -> Date
  public var version: String

  public init(
    codec: any BlobCodec = PlainBlobCodec(), identifier: any PersonIdentifier = HashedPersonIdentifier(),
    author: (name: String, email: String)? = nil, now: @escaping @Sendable () -> Date = { Date() },
    version: String = PeopleSyncVersion.current
  ) {
    self.codec = codec
    self.identifier = identifier
    self.author = author
    self.now = now
    self.version = version
  }

  /// Reads `PEOPLESYNC_AUTHOR_NAME` and `PEOPLESYNC_AUTHOR_EMAIL` when both are set.
  public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Settings {
    var settings = Settings()
    if let name = environment["PEOPLESYNC_AUTHOR_NAME"], let email = environment["PEOPLESYNC_AUTHOR_EMAIL"] {
      settings.author = (name, email)
    }
    return settings
  }
}

/// The tool's version, recorded in every commit it writes.
public enum PeopleSyncVersion {
  public static let current = "0.1.0"
}
