/// A dated event the committed data already schedules.
public struct ScheduledEvent: Equatable, Sendable {
  public enum Kind: String, Sendable {
    case hire
    case termination
    case purge
  }

  public var kind: Kind
  public var date: Day
  public var id: PersonID
  public var label: String
}
