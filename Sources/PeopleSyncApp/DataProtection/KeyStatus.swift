/// What `keys status` reports for one tenant.
package struct KeyStatus {
  /// The tenant's id.
  package let tenant: String
  /// Keys of people, one each.
  package let personKeys: Int
  /// Keys of SCIM resources (`SCIMResourceKeys`), in the same table as person keys: those of the
  /// files at HEAD, and of resources deleted whose keys are kept for the replay window.
  package let resourceKeys: Int
  /// Destroyed keys, of people and of the SCIM resources matched to them.
  package let erasedPeople: Int
  /// Keys of snapshots, kept while a sync may replay them.
  package let snapshotKeys: Int
  /// Snapshot keys destroyed after the replay window.
  package let erasedSnapshots: Int
}
