/// Why a CSV file could not be read at all; always names the line.
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
  /// What kind of failure; the raw value is part of the diagnostic's code (`csv.encoding`).
  public enum Kind: String, Sendable {
    case empty
    case encoding
    case unterminatedQuote
    case textAfterQuote
    case recordTooLong
  }

  /// What kind of failure.
  public let kind: Kind
  /// The 1-based line where reading stopped.
  public let line: Int
  /// What is wrong, in words.
  public let message: String

  /// `line 12: message`.
  public var description: String { "line \(line): \(message)" }
}
