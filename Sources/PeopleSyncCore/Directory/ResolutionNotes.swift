/// What resolving a batch of people noticed; batches resolved in parallel merge theirs.
///
/// Only the `Resolver` records notes and turns them into warnings; everyone else carries them.
struct ResolutionNotes {
  /// A value as written in one source's file, which the notes group line numbers by.
  struct Key: Hashable {
    let file: String
    let source: String
    let value: String
  }

  private(set) var unmatchedLocations: [Key: [Int]] = [:]
  private(set) var unresolvedManagers: [Key: [Int]] = [:]
  /// (person, manager) record indices of active people, so cycles need no second lookup.
  private(set) var managerLinks: [(Int32, Int32)] = []

  /// Notes a location that is not configured, on the record's line.
  mutating func noteUnmatchedLocation(_ key: Key, line: Int) { unmatchedLocations[key, default: []].append(line) }

  /// Notes a manager who is not an active person, on the record's line.
  mutating func noteUnresolvedManager(_ key: Key, line: Int) { unresolvedManagers[key, default: []].append(line) }

  /// Notes that the person at record `person` reports to the one at record `manager`.
  mutating func noteManagerLink(_ person: Int32, _ manager: Int32) { managerLinks.append((person, manager)) }

  mutating func merge(_ other: ResolutionNotes) {
    unmatchedLocations.merge(other.unmatchedLocations) { $0 + $1 }
    unresolvedManagers.merge(other.unresolvedManagers) { $0 + $1 }
    managerLinks += other.managerLinks
  }
}
