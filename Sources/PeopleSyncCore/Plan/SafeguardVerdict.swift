/// The outcome of the deprovisioning safeguard for one plan.
///
/// It counts only deprovisions that look like an accident: people absent from a full snapshot (a
/// truncated or wrong file) and people a rule excludes (a bad value or a bad rule). Dated
/// terminations and SCIM deactivations are the customer's explicit intent and always apply.
package struct SafeguardVerdict: Equatable, Sendable {
  /// People active before the sync.
  package var activeBefore: Int
  /// Deprovisions the safeguard counts (absent or excluded).
  package var deprovisions: Int
  /// The most such deprovisions allowed in one sync.
  package var limit: Int
  /// True when `--override-safeguard` lets them through.
  package var overridden = false

  /// The verdict on `deprovisions` counted deprovisions among `activeBefore` active people.
  package init(activeBefore: Int, deprovisions: Int, limit: Int, overridden: Bool = false) {
    self.activeBefore = activeBefore
    self.deprovisions = deprovisions
    self.limit = limit
    self.overridden = overridden
  }

  /// True when the counted deprovisions are over the limit, or would leave no one active.
  package var isTripped: Bool { deprovisions > limit || (deprovisions > 0 && deprovisions == activeBefore) }

  /// True when the counted deprovisions are held back (tripped, and not overridden).
  package var holds: Bool { isTripped && !overridden }

  /// Whether deprovisions for `reason` count: the causes an accident produces.
  package static func counts(_ reason: DirectoryEntry.DeprovisionReason?) -> Bool { reason == .absent || reason == .excluded }

  /// Why it tripped, in words.
  package var explanation: String {
    if deprovisions > 0 && deprovisions == activeBefore {
      return
        "\(deprovisions) of \(activeBefore) active people would be deprovisioned as absent or excluded, everyone: is the snapshot empty or truncated?"
    }
    return "\(deprovisions) of \(activeBefore) active people would be deprovisioned as absent or excluded; the limit is \(limit)"
  }
}
