/// Why a CSV file could not be read at all; always names the line.
package struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
  /// What kind of failure; the raw value is part of the diagnostic's code (`csv.encoding`).
  package enum Kind: String, Sendable {
    case empty
    case encoding
    case unterminatedQuote
    case textAfterQuote
    case recordTooLong
  }

  /// What kind of failure.
  package let kind: Kind
  /// The 1-based line where reading stopped.
  package let line: Int
  /// What is wrong, in words.
  package let message: String

  /// `line 12: message`.
  package var description: String { "line \(line): \(message)" }
}
