/// A directory held in memory: for tests, and for computing what a plan leads to.
public struct InMemoryDirectory: CurrentDirectory {
  /// Each entry's bytes as `EntryFormat` writes them, by id.
  public var entries: [PersonID: [UInt8]]
  /// Group files by group name.
  public var groups: [String: [UInt8]] = [:]

  /// A directory holding `entries`, encoded, and no groups.
  public init(_ entries: [DirectoryEntry] = []) {
    self.entries = Dictionary(uniqueKeysWithValues: entries.map { ($0.id, EntryFormat.encode($0)) })
  }

  /// The group names, sorted.
  public var groupNames: [String] { groups.keys.sorted() }
  /// True when the group's file holds exactly `encoded`.
  public func groupMatches(_ name: String, encoded: [UInt8]) -> Bool { groups[name] == encoded }
  /// The group's members as its file lists them; empty when there is no such group.
  public func groupMembers(_ name: String) throws -> [PersonID] { try groups[name].map { try GroupFormat.decode($0).members } ?? [] }

  /// The number of entries.
  public var count: Int { entries.count }
  /// True when there is an entry for `id`.
  public func contains(_ id: PersonID) -> Bool { entries[id] != nil }
  /// True when the entry for `id` holds exactly `encoded`.
  public func matches(_ id: PersonID, encoded: [UInt8]) -> Bool { entries[id] == encoded }
  /// The entry for `id`, decoded; `id` must be in the directory.
  public func entry(_ id: PersonID) throws -> DirectoryEntry { try EntryFormat.decode(entries[id]!, expected: id) }
  /// Every id, in no particular order.
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
