/// A JSON syntax error, with the 1-based line and column where it was found.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The 1-based line.
  public let line: Int
  /// The 1-based column, counted in Unicode scalars.
  public let column: Int
  /// What is wrong, in words.
  public let message: String

  /// `line 3, column 7: message`.
  public var description: String { "line \(line), column \(column): \(message)" }
}
