/// A next-day export and what changed to make it.
public struct NextDay: Sendable {
  public let snapshot: PeopleSnapshot
  public let changes: ChurnCounts
}
