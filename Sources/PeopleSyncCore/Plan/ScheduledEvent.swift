/// A dated event the committed data already schedules.
package struct ScheduledEvent: Equatable, Sendable {
  /// What happens on the date.
  package enum Kind: String, Sendable {
    case hire
    case termination
    case purge
  }

  /// A hire, a termination or a purge.
  package var kind: Kind
  /// The day it happens.
  package var date: Day
  /// The person it happens to.
  package var id: PersonID
  /// The person's email, or their id when the entry holds no email any more.
  package var label: String
}
