/// What the planner needs for one tenant: configuration, snapshots and the date.
package struct PlanInput: Sendable {
  /// The tenant's configuration.
  package var config: TenantConfig
  /// Snapshots of the tenant's full sources, in configuration order.
  package var snapshots: [Snapshot]
  /// Full sources with no snapshot committed yet: absence from them proves nothing.
  package var missingSources: [String]
  /// The day the plan is for: what is due by then happens, what comes later is scheduled.
  package var asOf: Day
  /// Lower-cased emails of people a SCIM source deactivated: deprovisioned at once.
  package var scimDeactivated: Set<String> = []
  /// `--override-safeguard`: deprovisions over the safeguard's limit apply instead of being held.
  package var overrideSafeguard = false

  /// Source name → snapshot path, for messages.
  package let snapshotFiles: [String: String]

  /// The inputs of one plan; the snapshot paths come from the snapshots.
  package init(config: TenantConfig, snapshots: [Snapshot], missingSources: [String] = [], asOf: Day) {
    self.config = config
    self.snapshots = snapshots
    self.missingSources = missingSources
    self.asOf = asOf
    snapshotFiles = Dictionary(snapshots.map { ($0.source.name, $0.file) }, uniquingKeysWith: { first, _ in first })
  }
}
