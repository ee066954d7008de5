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
