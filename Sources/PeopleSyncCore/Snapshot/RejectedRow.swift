/// A row that failed validation. It changes nothing, and the person it names is left as they are.
public struct RejectedRow: Equatable, Sendable {
  /// The name of the source whose snapshot holds the row.
  public var source: String
  /// The line of the snapshot file the row starts on.
  public var line: Int
  /// The keys that could be read from the row, to protect those people from deprovisioning.
  public var keys: [PersonKey]
  /// Why the row was refused: every problem found in it.
  public var problems: [Diagnostic]
  /// The row's Termination Date, when it is one: reached, it still deprovisions the one known
  /// person the row names, rejected or not.
  public var termination: Day? = nil
}
