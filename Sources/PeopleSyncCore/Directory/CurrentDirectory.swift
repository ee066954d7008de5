/// The directory as last committed, as the planner sees it.
///
/// The planner asks whether an entry's stored bytes equal what it would write
/// before it reads anything, so an unchanged person costs one hash, not a read.
public protocol CurrentDirectory {
  /// The number of entries.
  var count: Int { get }
  /// True when the directory has an entry for `id`.
  func contains(_ id: PersonID) -> Bool
  /// True when the stored entry for `id` holds exactly `encoded`.
  func matches(_ id: PersonID, encoded: [UInt8]) -> Bool
  /// Reads and decodes the stored entry for `id`; `.erased` when its key was destroyed.
  func entry(_ id: PersonID) throws -> DirectoryEntry
  /// Every id, in any order.
  func forEachID(_ body: (PersonID) throws -> Void) rethrows
  /// Whether `id` is missing, stored exactly as `encoded`, or stored differently: one lookup.
  func compare(_ id: PersonID, encoded: [UInt8]) -> EntryComparison
  /// The groups the directory holds.
  var groupNames: [String] { get }
  /// True when the group's stored file holds exactly `encoded`.
  func groupMatches(_ name: String, encoded: [UInt8]) -> Bool
  /// The group's members as stored; empty when there is no such group.
  func groupMembers(_ name: String) throws -> [PersonID]
}

extension CurrentDirectory {
  /// Two lookups (`contains`, then `matches`), for directories that have no cheaper way.
  public func compare(_ id: PersonID, encoded: [UInt8]) -> EntryComparison {
    guard contains(id) else { return .missing }
    return matches(id, encoded: encoded) ? .same : .different
  }
}
