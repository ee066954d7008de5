/// A row that failed validation. It changes nothing, and the person it names is left as they are.
package struct RejectedRow: Equatable, Sendable {
  /// The name of the source whose snapshot holds the row.
  package var source: String
  /// The line of the snapshot file the row starts on.
  package var line: Int
  /// The keys that could be read from the row, to protect those people from deprovisioning.
  package var keys: [PersonKey]
  /// Why the row was refused: every problem found in it.
  package var problems: [Diagnostic]
  /// The row's Termination Date, when it is one: reached, it still deprovisions the one known
  /// person the row names, rejected or not.
  package var termination: Day? = nil
}
