import GitKit
import PeopleSyncCore

/// Destroys keys a sync no longer needs: crypto-shredding, in two steps around publishing.
///
/// Before the sync's commit is published, `schedule` only notes whom it purges (saved with the
/// keys). Once the branch holds the commit, `settle` destroys the keys of those whose entry the
/// branch now holds purged, and the keys past the replay window. A sync that loses the race to
/// publish has destroyed nothing, so a re-plan that no longer purges someone (they came back
/// meanwhile) finds their key; a sync killed after publishing has its purges finished by the next
/// sync, which settles first.
enum Shredding {
  /// What the expiry of snapshot and deleted-SCIM keys needs from the plan.
  struct Expiry {
    let asOf: Day
    let window: Int
    let snapshotsInUse: Set<[UInt8]>
    /// The key ids of the SCIM users stored at the plan's head: theirs stay.
    let storedUsers: Set<PersonID>
  }

  /// Notes the purged people's keys, with the keys of the SCIM users they stood for (see
  /// `SCIMResourceKeys`), for destruction once the commit is published. Returns what `settle`
  /// needs to expire snapshot and SCIM keys then; nil for a plain tenant.
  static func schedule(_ plan: TenantPlan, inputs: TenantInputs, protection: DataProtection) throws -> Expiry? {
    guard let config = inputs.config, config.encryption.enabled, let keys = try protection.keys(plan.tenant, creating: false) else {
      return nil
    }
    for change in plan.changes where change.kind == .purge {
      let users = change.before?.person.map { person in inputs.scimUsers.filter { standsFor(person)($0.person) } } ?? []
      keys.schedulePurge(change.id, with: users.map { userKey(keys, source: $0.source, $0.person) })
    }
    return Expiry(
      asOf: plan.asOf, window: config.encryption.retentionDays(quarantine: config.quarantineDays),
      snapshotsInUse: Set(inputs.snapshotKeyIDs), storedUsers: Set(inputs.scimUsers.map { userKey(keys, source: $0.source, $0.person) }))
  }

  /// Destroys the keys of the scheduled purges whose entry `tree` holds purged, and, with an
  /// `expiry`, the keys of snapshots replaced and of SCIM resources deleted at least the replay
  /// window ago. Scheduled purges the branch does not hold yet stay scheduled. The caller saves.
  static func settle(_ tenant: String, tree: ObjectID?, repository: Repository, protection: DataProtection, expiry: Expiry?) throws {
    // A tenant without keys yet has no purge in flight, and may have no master key yet either.
    guard protection.hasKeys(tenant), let keys = try protection.keys(tenant, creating: false) else { return }
    for id in keys.pendingPurges.keys.sorted() where try isPurged(id, tenant: tenant, tree: tree, repository: repository) {
      keys.completePurge(id)
    }
    guard let expiry else { return }
    _ = keys.expireSnapshotKeys(on: expiry.asOf, window: expiry.window, keeping: expiry.snapshotsInUse)
    if !keys.scimDeleted.isEmpty {
      _ = keys.expireDeletedSCIMKeys(on: expiry.asOf, window: expiry.window, keeping: expiry.storedUsers.contains)
    }
  }

  /// True when `tree` holds `id`'s entry purged: stored as is, with nothing personal left.
  static func isPurged(_ id: PersonID, tenant: String, tree: ObjectID?, repository: Repository) throws -> Bool {
    guard let tree, let entry = try repository.entry(in: tree, path: DirectoryEntry.path(tenant: tenant, id: id)), entry.kind == .blob
    else { return false }
    let bytes = try repository.blob(entry.id)
    return !bytes.withUnsafeBytes(SealedBlob.isSealed) && !EntryFormat.holdsPersonalData(bytes)
  }

  /// The key id of a stored SCIM user.
  static func userKey(_ keys: TenantKeys, source: String, _ user: SCIMPeople.Person) -> PersonID {
    SCIMResourceKeys.id(secret: keys.secret, source: source, kind: "Users", resource: SCIMResourceKeys.resourceID(path: user.path))
  }

  /// The merge's rule (`SCIMPeople.merge`): the same email, or the same Employee ID.
  static func standsFor(_ person: PersonFields) -> (SCIMPeople.Person) -> Bool {
    { user in
      if let email = user.email, FieldRules.asciiLowercased(email) == FieldRules.asciiLowercased(person.email) { return true }
      return user.employeeNumber != nil && user.employeeNumber == person.employeeId
    }
  }
}
