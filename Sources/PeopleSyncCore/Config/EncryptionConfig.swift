/// How the tenant's personal data is stored.
public struct EncryptionConfig: Equatable, Sendable {
  /// Snapshots and directory entries sealed with keys kept outside git (on unless turned off).
  public var enabled: Bool
  /// Days a replaced snapshot's key is kept, so recent syncs can be replayed; nil: the default.
  public var snapshotKeyRetentionDays: Int?

  /// Encryption on unless turned off, with the default replay window unless one is configured.
  public init(enabled: Bool = true, snapshotKeyRetentionDays: Int? = nil) {
    self.enabled = enabled
    self.snapshotKeyRetentionDays = snapshotKeyRetentionDays
  }

  /// The replay window in effect: the quarantine unless configured (never less). Longer keeps
  /// a purged person readable in replaced snapshots until their keys expire.
  public func retentionDays(quarantine: Int) -> Int { snapshotKeyRetentionDays ?? quarantine }
}
