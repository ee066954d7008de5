/// A JSON syntax error, with the 1-based line and column where it was found.
package struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The 1-based line.
  package let line: Int
  /// The 1-based column, counted in Unicode scalars.
  package let column: Int
  /// What is wrong, in words.
  package let message: String

  /// `line 3, column 7: message`.
  package var description: String { "line \(line), column \(column): \(message)" }
}
