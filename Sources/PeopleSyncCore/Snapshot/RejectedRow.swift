/// A row that failed validation. It changes nothing, and the person it names is left as they are.
public struct RejectedRow: Equatable, Sendable {
  public var source: String
  public var line: Int
  /// The keys that could be read from the row, to protect those people from deprovisioning.
  public var keys: [PersonKey]
  public var problems: [Diagnostic]
  /// The row's Termination Date, when it is one: reached, it still deprovisions the one known
  /// person the row names, rejected or not.
  public var termination: Day? = nil
}
