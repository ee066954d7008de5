/// Everything a sync of one tenant would do, computed without side effects.
public struct TenantPlan: Sendable {
  /// The tenant's id.
  public var tenant: String
  /// The tenant's name for people.
  public var displayName: String
  /// The day the plan is for.
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
  /// Hires, terminations and purges the committed data already dates, by date.
  public var scheduled: [ScheduledEvent]
  /// People in the feed terminated before they were ever provisioned.
  public var skippedTerminated: Int
  /// What the safeguard made of the plan's deprovisions.
  public var safeguard: SafeguardVerdict
  /// Deprovisions the safeguard holds back (absent or excluded people, over its limit): not in
  /// `changes`, the people left as they are until a complete snapshot or an override.
  public var held: [Change] = []
  /// People active once the plan is applied.
  public var activeAfter: Int

  /// An empty plan, which the planner fills.
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
