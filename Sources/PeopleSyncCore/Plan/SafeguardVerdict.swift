/// The outcome of the deprovisioning safeguard for one plan.
///
/// It counts only deprovisions that look like an accident: people absent from a full snapshot (a
/// truncated or wrong file) and people a rule excludes (a bad value or a bad rule). Dated
/// terminations and SCIM deactivations are the customer's explicit intent and always apply.
public struct SafeguardVerdict: Equatable, Sendable {
  /// People active before the sync.
  public var activeBefore: Int
  /// Deprovisions the safeguard counts (absent or excluded).
  public var deprovisions: Int
  /// The most such deprovisions allowed in one sync.
  public var limit: Int
  /// True when `--override-safeguard` lets them through.
  public var overridden = false

  /// The verdict on `deprovisions` counted deprovisions among `activeBefore` active people.
  public init(activeBefore: Int, deprovisions: Int, limit: Int, overridden: Bool = false) {
    self.activeBefore = activeBefore
    self.deprovisions = deprovisions
    self.limit = limit
    self.overridden = overridden
  }

  /// True when the counted deprovisions are over the limit, or would leave no one active.
  public var isTripped: Bool { deprovisions > limit || (deprovisions > 0 && deprovisions == activeBefore) }

  /// True when the counted deprovisions are held back (tripped, and not overridden).
  public var holds: Bool { isTripped && !overridden }

  /// Whether deprovisions for `reason` count: the causes an accident produces.
  public static func counts(_ reason: DirectoryEntry.DeprovisionReason?) -> Bool { reason == .absent || reason == .excluded }

  /// Why it tripped, in words.
  public var explanation: String {
    if deprovisions > 0 && deprovisions == activeBefore {
      return
        "\(deprovisions) of \(activeBefore) active people would be deprovisioned as absent or excluded, everyone: is the snapshot empty or truncated?"
    }
    return "\(deprovisions) of \(activeBefore) active people would be deprovisioned as absent or excluded; the limit is \(limit)"
  }
}
