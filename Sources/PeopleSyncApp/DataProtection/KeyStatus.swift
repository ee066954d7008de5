/// What `keys status` reports for one tenant.
public struct KeyStatus {
  public let tenant: String
  public let personKeys: Int
  /// Keys of SCIM resources (`SCIMResourceKeys`), in the same table as person keys: those of the
  /// files at HEAD, and of resources deleted whose keys are kept for the replay window.
  public let resourceKeys: Int
  /// Destroyed keys, of people and of the SCIM resources matched to them.
  public let erasedPeople: Int
  public let snapshotKeys: Int
  public let erasedSnapshots: Int
}
