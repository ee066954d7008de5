import PeopleSyncCore

/// Destroys keys a sync no longer needs: crypto-shredding.
enum Shredding {
  /// The purged people's keys go (every copy of their data in history becomes unreadable), with
  /// the keys of the SCIM users they stood for (see `SCIMResourceKeys`), and so do the keys of
  /// snapshots replaced, and of SCIM resources deleted, at least the replay window ago. Runs
  /// before the sync's commit is published: if that fails, the next sync plans the purge again.
  static func apply(_ plan: TenantPlan, inputs: TenantInputs, protection: DataProtection) throws {
    guard let config = inputs.config, config.encryption.enabled, let keys = try protection.keys(plan.tenant, creating: false) else {
      return
    }
    for change in plan.changes where change.kind == .purge {
      keys.destroyPerson(change.id)
      guard let person = change.before?.person else { continue }
      for (source, user) in inputs.scimUsers where standsFor(user, person) {
        keys.destroyPerson(userKey(keys, source: source, user))
      }
    }
    let window = config.encryption.retentionDays(quarantine: config.quarantineDays)
    _ = keys.expireSnapshotKeys(on: plan.asOf, window: window, keeping: Set(inputs.snapshotKeyIDs))
    guard !keys.scimDeleted.isEmpty else { return }
    let stored = Set(inputs.scimUsers.map { userKey(keys, source: $0.source, $0.person) })
    _ = keys.expireDeletedSCIMKeys(on: plan.asOf, window: window, keeping: stored.contains)
  }

  /// The key id of a stored SCIM user.
  static func userKey(_ keys: TenantKeys, source: String, _ user: SCIMPeople.Person) -> PersonID {
    SCIMResourceKeys.id(secret: keys.secret, source: source, kind: "Users", resource: SCIMResourceKeys.resourceID(path: user.path))
  }

  /// The merge's rule (`SCIMPeople.merge`): the same email, or the same Employee ID.
  static func standsFor(_ user: SCIMPeople.Person, _ person: PersonFields) -> Bool {
    if let email = user.email, FieldRules.asciiLowercased(email) == FieldRules.asciiLowercased(person.email) { return true }
    return user.employeeNumber != nil && user.employeeNumber == person.employeeId
  }
}
