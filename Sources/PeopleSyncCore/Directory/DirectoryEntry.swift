/// A person's entry in the directory PeopleSync maintains: one file per person.
public struct DirectoryEntry: Equatable, Sendable {
  public enum Status: String, Sendable, CaseIterable {
    case active
    /// Access removed; personal data kept through the quarantine so that a return restores them.
    case deprovisioned
    /// Quarantine over: personal data gone, only the pseudonymous id is left.
    case purged
    /// Read back but unreadable: its key was destroyed (a purge interrupted before its commit,
    /// or a replay of history). Never written; the planner finishes the purge.
    case erased
  }

  public enum DeprovisionReason: String, Sendable, CaseIterable {
    case terminated
    case absent
    case excluded
    case scimDeactivated = "scim-deactivated"
  }

  public var id: PersonID
  public var status: Status
  /// Nil once purged.
  public var person: PersonFields?
  /// The source whose record produced the entry.
  public var source: String?
  public var deprovisionedOn: Day?
  public var deprovisionReason: DeprovisionReason?

  public init(
    id: PersonID, status: Status, person: PersonFields?, source: String? = nil, deprovisionedOn: Day? = nil,
    deprovisionReason: DeprovisionReason? = nil
  ) {
    self.id = id
    self.status = status
    self.person = person
    self.source = source
    self.deprovisionedOn = deprovisionedOn
    self.deprovisionReason = deprovisionReason
  }

  /// An entry that can no longer be read.
  public static func erased(_ id: PersonID) -> DirectoryEntry { DirectoryEntry(id: id, status: .erased, person: nil) }

  /// The anonymised entry left after the quarantine.
  public static func purged(_ id: PersonID) -> DirectoryEntry { DirectoryEntry(id: id, status: .purged, person: nil) }

  /// The email, or the id for a purged entry: how output names the person.
  public var label: String { person?.email ?? id.hex }

  /// The entry's path below the tenant folder, sharded so each folder stays small at any size.
  public static func path(tenant: String, id: PersonID) -> String {
    let hex = id.hex
    let a = hex.prefix(2)
    let b = hex.dropFirst(2).prefix(2)
    return "tenants/\(tenant)/directory/people/\(a)/\(b)/\(hex).json"
  }

  /// The folder holding a tenant's people.
  public static func peopleFolder(tenant: String) -> String { "tenants/\(tenant)/directory/people" }
}
