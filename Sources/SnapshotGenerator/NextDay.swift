/// A next-day export and what changed to make it.
public struct NextDay: Sendable {
  /// The next day's export.
  public let snapshot: PeopleSnapshot
  /// What changed from the day before.
  public let changes: ChurnCounts
}
