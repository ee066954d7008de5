/// Limits on how much one sync may deprovision.
public struct SafeguardConfig: Equatable, Sendable {
  /// The share of currently active people one sync may deprovision.
  public var maxDeprovisionPercent: Double
  /// Deprovisions always allowed, so that small tenants can still lose someone.
  public var minDeprovisionAllowed: Int

  /// The limits, by default 10% of the active people and never fewer than one person.
  public init(maxDeprovisionPercent: Double = 10, minDeprovisionAllowed: Int = 1) {
    self.maxDeprovisionPercent = maxDeprovisionPercent
    self.minDeprovisionAllowed = minDeprovisionAllowed
  }

  /// How many deprovisions a sync may make when `active` people are active.
  public func limit(active: Int) -> Int {
    max(Int((Double(active) * maxDeprovisionPercent / 100).rounded(.down)), minDeprovisionAllowed)
  }
}
