import Foundation
import GitKit
import PeopleSyncCore

/// What a sync did for one tenant.
package struct SyncOutcome {
  package enum Result {
    case committed(ObjectID)
    case unchanged
    /// The inputs have errors; nothing was changed.
    case blocked
  }

  /// What was planned; `plan.held` lists the deprovisions the safeguard held back (the rest was
  /// committed, or there was nothing else).
  package let plan: TenantPlan
  package let result: Result
  /// Objects written (blobs and trees); proportional to the changes.
  package let objectsWritten: Int
  /// Attempts needed because another writer moved the branch.
  package let retries: Int
  /// With `--push`: where the commit was pushed (`origin/main`).
  package var pushedTo: String?
  /// Unchanged because nothing changed since this sync commit (same inputs, as-of date and
  /// directory): not planned again.
  package var unchangedSince: ObjectID?
}

extension SyncOutcome {
  func retried(_ attempts: Int) -> SyncOutcome {
    var outcome = SyncOutcome(plan: plan, result: result, objectsWritten: objectsWritten, retries: attempts)
    outcome.unchangedSince = unchangedSince
    outcome.pushedTo = pushedTo
    return outcome
  }
}
