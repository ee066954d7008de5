import PeopleSyncCore

/// Destroys keys a sync no longer needs: crypto-shredding.
enum Shredding {
  /// The purged people's keys go (every copy of their data in history becomes unreadable), and
  /// so do the keys of snapshots replaced at least the replay window ago. Runs before the
  /// sync's commit is published: if that fails, the next sync plans the purge again.
  static func apply(_ plan: TenantPlan, inputs: TenantInputs, protection: DataProtection) throws {
    guard let config = inputs.config, config.encryption.enabled, let keys = try protection.keys(plan.tenant, creating: false) else {
      return
    }
    for change in plan.changes where change.kind == .purge { keys.destroyPerson(change.id) }
    let window = config.encryption.retentionDays(quarantine: config.quarantineDays)
    _ = keys.expireSnapshotKeys(on: plan.asOf, window: window, keeping: Set(inputs.snapshotKeyIDs))
  }
}
