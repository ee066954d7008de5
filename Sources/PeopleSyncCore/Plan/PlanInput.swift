/// What the planner needs for one tenant: configuration, snapshots and the date.
public struct PlanInput: Sendable {
  /// The tenant's configuration.
  public var config: TenantConfig
  /// Snapshots of the tenant's full sources, in configuration order.
  public var snapshots: [Snapshot]
  /// Full sources with no snapshot committed yet: absence from them proves nothing.
  public var missingSources: [String]
  /// The day the plan is for: what is due by then happens, what comes later is scheduled.
  public var asOf: Day
  /// Lower-cased emails of people a SCIM source deactivated: deprovisioned at once.
  public var scimDeactivated: Set<String> = []
  /// `--override-safeguard`: deprovisions over the safeguard's limit apply instead of being held.
  public var overrideSafeguard = false

  /// Source name → snapshot path, for messages.
  public let snapshotFiles: [String: String]

  /// The inputs of one plan; the snapshot paths come from the snapshots.
  public init(config: TenantConfig, snapshots: [Snapshot], missingSources: [String] = [], asOf: Day) {
    self.config = config
    self.snapshots = snapshots
    self.missingSources = missingSources
    self.asOf = asOf
    snapshotFiles = Dictionary(snapshots.map { ($0.source.name, $0.file) }, uniquingKeysWith: { first, _ in first })
  }
}
