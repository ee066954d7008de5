/// One change the plan makes to one person's entry.
public struct Change: Equatable, Sendable {
  /// What the change does; plans list changes grouped in this order.
  public enum Kind: String, CaseIterable, Sendable {
    case provision
    case reactivate
    case update
    case deprovision
    case purge

    /// The past tense used in summaries ("3 provisioned").
    public var pastTense: String {
      switch self {
      case .provision: "provisioned"
      case .reactivate: "reactivated"
      case .update: "updated"
      case .deprovision: "deprovisioned"
      case .purge: "purged"
      }
    }
  }

  /// What the change does.
  public var kind: Kind
  /// The entry as committed; nil when there is none yet.
  public var before: DirectoryEntry?
  /// The entry as the sync writes it.
  public var after: DirectoryEntry
  /// Each field's old and new value; computed when asked, since most plans are mostly provisions.
  public var fields: [FieldChange] { erased ? [] : FieldChange.between(before, after) }
  /// True when a side of the change can no longer be read: its key was destroyed at purge.
  public var erased = false
  /// Why, in words, for deprovisions and purges.
  public var reason: String?
  /// Where the new values came from (`tenants/acme/sources/hr.csv:12`).
  public var origin: String?

  /// A change as the planner makes it.
  public init(kind: Kind, before: DirectoryEntry?, after: DirectoryEntry, reason: String? = nil, origin: String? = nil) {
    self.kind = kind
    self.before = before
    self.after = after
    self.reason = reason
    self.origin = origin
  }

  /// The person the change is about.
  public var id: PersonID { after.id }

  /// The email before purge, otherwise the current one.
  public var label: String { after.person?.email ?? before?.person?.email ?? after.id.hex }

  /// The person's Employee ID, when known.
  public var employeeId: String? { after.person?.employeeId ?? before?.person?.employeeId }
}
