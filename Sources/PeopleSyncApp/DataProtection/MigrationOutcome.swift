import GitKit

/// What `encrypt` did.
package struct MigrationOutcome {
  /// The tenant converted.
  package let tenant: String
  /// Directory entries sealed and moved to keyed ids.
  package let entries: Int
  /// Snapshots sealed.
  package let snapshots: Int
  /// SCIM Users and Groups files sealed.
  package let resources: Int
  /// Nil when there was nothing in plain text to convert.
  package let commit: ObjectID?
}
