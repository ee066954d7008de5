/// Computes the desired directory and the minimal changes to reach it. Pure: no I/O, no clock.
public struct Planner: Sendable {
  /// How person ids are derived from keys: a plain hash, or a keyed one when the tenant is encrypted.
  public let identifier: any PersonIdentifier
  /// Threads for the per-person pass; nil uses every core. The result never depends on it.
  public let threads: Int?

  /// A planner deriving ids with `identifier`, on `threads` threads (nil: every core).
  public init(identifier: any PersonIdentifier = HashedPersonIdentifier(), threads: Int? = nil) {
    self.identifier = identifier
    self.threads = threads
  }

  /// Plans one tenant against the directory as last committed.
  public func plan(_ input: PlanInput, current: some CurrentDirectory) throws -> TenantPlan {
    var run = PlanRun(input: input, identifier: identifier, threads: threads)
    return try run.plan(current: current)
  }
}
