/// How a stored entry relates to the bytes the planner would write.
public enum EntryComparison: Sendable {
  case missing
  case same
  case different
}
