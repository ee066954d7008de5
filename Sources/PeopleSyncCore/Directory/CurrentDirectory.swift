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

/// How a stored entry relates to the bytes the planner would write.
public enum EntryComparison: Sendable {
  case missing
  case same
  case different
}

extension CurrentDirectory {
  public func compare(_ id: PersonID, encoded: [UInt8]) -> EntryComparison {
    guard contains(id) else { return .missing }
    return matches(id, encoded: encoded) ? .same : .different
  }
}

/// A directory held in memory: for tests, and for computing what a plan leads to.
public struct InMemoryDirectory: CurrentDirectory {
  public var entries: [PersonID: [UInt8]]
  /// Group files by group name.
  public var groups: [String: [UInt8]] = [:]

  public init(_ entries: [DirectoryEntry] = []) {
    self.entries = Dictionary(uniqueKeysWithValues: entries.map { ($0.id, EntryFormat.encode($0)) })
  }

  public var groupNames: [String] { groups.keys.sorted() }
  public func groupMatches(_ name: String, encoded: [UInt8]) -> Bool { groups[name] == encoded }
  public func groupMembers(_ name: String) throws -> [PersonID] { try groups[name].map { try GroupFormat.decode($0).members } ?? [] }

  public var count: Int { entries.count }
  public func contains(_ id: PersonID) -> Bool { entries[id] != nil }
  public func matches(_ id: PersonID, encoded: [UInt8]) -> Bool { entries[id] == encoded }
  public func entry(_ id: PersonID) throws -> DirectoryEntry { try EntryFormat.decode(entries[id]!, expected: id) }
  public func forEachID(_ body: (PersonID) throws -> Void) rethrows { for id in entries.keys { try body(id) } }

  /// Applies a plan's changes.
  public mutating func apply(_ plan: TenantPlan) {
    for change in plan.changes { entries[change.id] = EntryFormat.encode(change.after) }
    for change in plan.groupChanges {
      groups[change.name] = change.kind == .delete ? nil : GroupFormat.encode(name: change.name, members: change.members)
    }
  }

  /// Every entry, decoded, ordered by id.
  public func allEntries() throws -> [DirectoryEntry] { try entries.keys.sorted().map { try entry($0) } }
}
