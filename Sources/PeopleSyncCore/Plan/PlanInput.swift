/// What the planner needs for one tenant: configuration, snapshots and the date.
public struct PlanInput: Sendable {
  public var config: TenantConfig
  /// Snapshots of the tenant's full sources, in configuration order.
  public var snapshots: [Snapshot]
  /// Full sources with no snapshot committed yet: absence from them proves nothing.
  public var missingSources: [String]
  public var asOf: Day
  /// Lower-cased emails of people a SCIM source deactivated: deprovisioned at once.
  public var scimDeactivated: Set<String> = []
  /// `--override-safeguard`: deprovisions over the safeguard's limit apply instead of being held.
  public var overrideSafeguard = false

  /// Source name → snapshot path, for messages.
  public let snapshotFiles: [String: String]

  public init(config: TenantConfig, snapshots: [Snapshot], missingSources: [String] = [], asOf: Day) {
    self.config = config
    self.snapshots = snapshots
    self.missingSources = missingSources
    self.asOf = asOf
    snapshotFiles = Dictionary(snapshots.map { ($0.source.name, $0.file) }, uniquingKeysWith: { first, _ in first })
  }
}

/// Where a record stands on the as-of date.
enum Lifecycle {
  case active
  case terminated(Day)
  /// `active: false` over SCIM: access removed at once, whatever a daily feed says.
  case scimDeactivated
  /// Hired in the future; provisioned once `provisionOn` is reached.
  case preHire(provisionOn: Day)

  static func of(_ record: EmployeeRecord, asOf: Day, daysBeforeHire: Int) -> Lifecycle {
    let provisionOn = record.hireDate?.adding(days: -daysBeforeHire)
    if let end = record.terminationDate, end <= asOf {
      // A hire date after the termination date is a rehire.
      if let hire = record.hireDate, hire > end {
        return provisionOn! <= asOf ? .active : .terminated(end)
      }
      return .terminated(end)
    }
    if let provisionOn, provisionOn > asOf { return .preHire(provisionOn: provisionOn) }
    return .active
  }
}
