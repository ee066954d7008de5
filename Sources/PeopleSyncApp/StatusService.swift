import GitKit
import PeopleSyncCore

/// One tenant's standing, for `peoplesync status`.
package struct TenantStatus {
  package let tenant: String
  /// The tenant's last sync commit on the branch, if any.
  package let lastSync: CommitInfo?
  /// How many deprovisions that commit held back.
  package let lastSyncHeld: Int
  /// What a sync now would do, held deprovisions included.
  package let plan: TenantPlan
}

/// `status`: for each tenant, its last sync commit and what a sync now would do, above all what the
/// safeguard holds back; the same plan `sync` (and `serve`'s follow-sync) makes at the branch head.
package final class StatusService: AppService {
  package let app: AppContext
  /// How many first-parent commits back a tenant's last sync is looked for.
  static let depth = 1_000

  package init(_ app: AppContext) { self.app = app }

  package func status(tenant: String?, asOf: Day?) throws -> [TenantStatus] {
    let plans = try SyncService(app).plan(revision: nil, tenant: tenant, asOf: asOf)
    let branch = try context("reading HEAD") { try repository.headBranch() }
    var last: [String: CommitInfo] = [:]
    if let head = try repository.referenceTarget(branch) {
      let wanted = Set(plans.map(\.tenant))
      var seen = 0
      try repository.firstParentHistory(from: head) { id in
        seen += 1
        let info = try repository.commit(id)
        if let recorded = SyncMessage.recorded(info.message), wanted.contains(recorded.tenant), last[recorded.tenant] == nil {
          last[recorded.tenant] = info
        }
        return last.count < wanted.count && seen < Self.depth
      }
    }
    return plans.map { plan in
      let info = last[plan.tenant]
      let held = info.flatMap { info in
        SyncMessage.trailers(info.message).first { $0.key == SyncMessage.Key.heldCount }.flatMap { Int($0.value) }
      }
      return TenantStatus(tenant: plan.tenant, lastSync: info, lastSyncHeld: held ?? 0, plan: plan)
    }
  }
}
