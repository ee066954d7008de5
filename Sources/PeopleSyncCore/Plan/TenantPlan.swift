/// A dated event the committed data already schedules.
public struct ScheduledEvent: Equatable, Sendable {
  public enum Kind: String, Sendable {
    case hire
    case termination
    case purge
  }

  public var kind: Kind
  public var date: Day
  public var id: PersonID
  public var label: String
}

/// The outcome of the deprovisioning safeguard for one plan.
///
/// It counts only deprovisions that look like an accident: people absent from a full snapshot (a
/// truncated or wrong file) and people a rule excludes (a bad value or a bad rule). Dated
/// terminations and SCIM deactivations are the customer's explicit intent and always apply.
public struct SafeguardVerdict: Equatable, Sendable {
  /// People active before the sync.
  public var activeBefore: Int
  /// Deprovisions the safeguard counts (absent or excluded).
  public var deprovisions: Int
  /// The most such deprovisions allowed in one sync.
  public var limit: Int
  /// True when `--override-safeguard` lets them through.
  public var overridden = false

  public init(activeBefore: Int, deprovisions: Int, limit: Int, overridden: Bool = false) {
    self.activeBefore = activeBefore
    self.deprovisions = deprovisions
    self.limit = limit
    self.overridden = overridden
  }

  /// True when the counted deprovisions are over the limit, or would leave no one active.
  public var isTripped: Bool { deprovisions > limit || (deprovisions > 0 && deprovisions == activeBefore) }

  /// True when the counted deprovisions are held back (tripped, and not overridden).
  public var holds: Bool { isTripped && !overridden }

  /// Whether deprovisions for `reason` count: the causes an accident produces.
  public static func counts(_ reason: DirectoryEntry.DeprovisionReason?) -> Bool { reason == .absent || reason == .excluded }

  /// Why it tripped, in words.
  public var explanation: String {
    if deprovisions > 0 && deprovisions == activeBefore {
      return
        "\(deprovisions) of \(activeBefore) active people would be deprovisioned as absent or excluded, everyone: is the snapshot empty or truncated?"
    }
    return "\(deprovisions) of \(activeBefore) active people would be deprovisioned as absent or excluded; the limit is \(limit)"
  }
}

/// Everything a sync of one tenant would do, computed without side effects.
public struct TenantPlan: Sendable {
  public var tenant: String
  public var displayName: String
  public var asOf: Day
  /// In a deterministic order: by kind, then email, then id.
  public var changes: [Change]
  /// Groups created, changed or removed, by name.
  public var groupChanges: [GroupChange] = []
  /// People rules exclude who are not in the directory: not added.
  public var skippedExcluded = 0
  /// Problems that stop the tenant's sync altogether (an unreadable snapshot, a broken config).
  public var blockingErrors: [Diagnostic]
  /// Rows that were refused; the people they name are left untouched.
  public var rejectedRows: [RejectedRow]
  /// Values left blank and other things worth a look.
  public var warnings: [Diagnostic]
  public var scheduled: [ScheduledEvent]
  /// People in the feed terminated before they were ever provisioned.
  public var skippedTerminated: Int
  public var safeguard: SafeguardVerdict
  /// Deprovisions the safeguard holds back (absent or excluded people, over its limit): not in
  /// `changes`, the people left as they are until a complete snapshot or an override.
  public var held: [Change] = []
  /// People active once the plan is applied.
  public var activeAfter: Int

  public init(tenant: String, displayName: String, asOf: Day) {
    self.tenant = tenant
    self.displayName = displayName
    self.asOf = asOf
    changes = []
    blockingErrors = []
    rejectedRows = []
    warnings = []
    scheduled = []
    skippedTerminated = 0
    safeguard = SafeguardVerdict(activeBefore: 0, deprovisions: 0, limit: 0)
    activeAfter = 0
  }

  /// How many changes of each kind, every kind present.
  public var counts: [Change.Kind: Int] {
    var counts = Dictionary(uniqueKeysWithValues: Change.Kind.allCases.map { ($0, 0) })
    for change in changes { counts[change.kind]! += 1 }
    return counts
  }

  /// True when applying the plan would change nothing.
  public var isEmpty: Bool { changes.isEmpty && groupChanges.isEmpty }

  /// "3 provisioned, 2 updated, 1 group changed", only what is present; "no changes" otherwise.
  public var summaryLine: String {
    let counts = counts
    var parts = Change.Kind.allCases.compactMap { kind in counts[kind]! > 0 ? "\(counts[kind]!) \(kind.pastTense)" : nil }
    if !groupChanges.isEmpty { parts.append(groupChanges.count == 1 ? "1 group changed" : "\(groupChanges.count) groups changed") }
    return parts.isEmpty ? "no changes" : parts.joined(separator: ", ")
  }
}
