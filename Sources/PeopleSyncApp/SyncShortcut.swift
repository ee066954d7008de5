import GitKit
import PeopleSyncCore

/// A sync that would plan nothing, known without planning: the tenant's last sync commit recorded
/// the same inputs (configuration and snapshot ids), the same as-of date and the same tool version,
/// and the tenant's directory is still the tree that sync left. Planning is deterministic and a
/// sync's result plans nothing more, so the plan would be empty: a second sync the same day on the
/// same data answers at once instead of reading a million entries. A sync on another day is
/// planned in full, whatever changed: dates move people (terminations, purges, hires, tenure).
enum SyncShortcut {
  /// How many first-parent commits back the tenant's last sync is looked for.
  static let depth = 200

  /// The tenant's last sync commit and the (empty) plan on `day`, when nothing changed since it.
  static func unchanged(tenant: String, reader: StateReader, asOf day: Day, version: String) throws -> (
    since: ObjectID, plan: TenantPlan
  )? {
    guard let head = reader.commit, let tree = reader.tree else { return nil }
    let (config, configBlob, diagnostics) = try reader.config(tenant)
    guard let config, let configBlob, diagnostics.errors.isEmpty else { return nil }
    let current = try reader.inputIDs(tenant, config: config, configBlob: configBlob)
    let repository = reader.repository
    var commit = head
    for _ in 0..<depth {
      let info = try repository.commit(commit)
      if let recorded = SyncMessage.recorded(info.message), recorded.tenant == tenant {
        guard recorded.asOf == day, recorded.version == version, recorded.inputs == current else { return nil }
        // It held deprovisions back: planned in full again, so the hold is reported again.
        guard !SyncMessage.trailers(info.message).contains(where: { $0.key == SyncMessage.Key.heldCount }) else { return nil }
        let folder = "tenants/\(tenant)/directory"
        guard try repository.entry(in: tree, path: folder)?.id == repository.entry(in: info.tree, path: folder)?.id else { return nil }
        // The keys must still open: a sync that cannot read the tenant's data must say so, as the
        // full path does. Checked last: loading a million keys is the one slow step here.
        if config.encryption.enabled, (try? reader.protection.keys(tenant, creating: false)) == nil { return nil }
        return (commit, TenantPlan(tenant: tenant, displayName: config.displayName, asOf: day))
      }
      guard let parent = info.parents.first else { return nil }
      commit = parent
    }
    return nil
  }
}

extension StateReader {
  /// The inputs a sync of `tenant` would record, without reading them: the configuration's blob,
  /// then each full source's snapshot blob and each SCIM source's folder, as `inputs` lists them.
  func inputIDs(_ tenant: String, config: TenantConfig, configBlob: ObjectID) throws -> SyncMessage.Inputs {
    var snapshots: [(name: String, blob: String)] = []
    guard let tree else { return SyncMessage.Inputs(configBlob: configBlob.hex, snapshots: []) }
    for source in config.sources where source.kind.isFullSnapshot {
      if let entry = try repository.entry(in: tree, path: source.snapshotPath(tenant: tenant)), entry.kind == .blob {
        snapshots.append((source.name, entry.id.hex))
      }
    }
    for source in config.sources where source.kind == .scim {
      if let entry = try repository.entry(in: tree, path: "tenants/\(tenant)/sources/\(source.name)") {
        snapshots.append((source.name, entry.id.hex))
      }
    }
    return SyncMessage.Inputs(configBlob: configBlob.hex, snapshots: snapshots)
  }
}
