/// A dated event the committed data already schedules.
public struct ScheduledEvent: Equatable, Sendable {
  /// What happens on the date.
  public enum Kind: String, Sendable {
    case hire
    case termination
    case purge
  }

  /// A hire, a termination or a purge.
  public var kind: Kind
  /// The day it happens.
  public var date: Day
  /// The person it happens to.
  public var id: PersonID
  /// The person's email, or their id when the entry holds no email any more.
  public var label: String
}
