import GitKit

/// What `encrypt` did.
public struct MigrationOutcome {
  public let tenant: String
  public let entries: Int
  public let snapshots: Int
  /// SCIM Users and Groups files sealed.
  public let resources: Int
  /// Nil when there was nothing in plain text to convert.
  public let commit: ObjectID?
}
