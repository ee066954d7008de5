/// A person's entry in the directory PeopleSync maintains: one file per person.
public struct DirectoryEntry: Equatable, Sendable {
  /// Where the person is in their lifecycle; the raw value is what the entry file says.
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

  /// Why a person was deprovisioned; the safeguard counts only `absent` and `excluded`.
  public enum DeprovisionReason: String, Sendable, CaseIterable {
    case terminated
    case absent
    case excluded
    case scimDeactivated = "scim-deactivated"
  }

  /// The pseudonymous id, which also names the entry's file.
  public var id: PersonID
  /// Active, deprovisioned or purged (`erased` only when read back).
  public var status: Status
  /// Nil once purged.
  public var person: PersonFields?
  /// The source whose record produced the entry.
  public var source: String?
  /// The as-of date of the sync that deprovisioned the person; their quarantine counts from it.
  public var deprovisionedOn: Day?
  /// Why, for a deprovisioned entry; nil otherwise.
  public var deprovisionReason: DeprovisionReason?

  /// An entry as the planner builds it or the file format reads it.
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
