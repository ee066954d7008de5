/// Why a CSV file could not be read at all; always names the line.
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
  public enum Kind: String, Sendable {
    case empty
    case encoding
    case unterminatedQuote
    case textAfterQuote
    case recordTooLong
  }

  public let kind: Kind
  public let line: Int
  public let message: String

  public var description: String { "line \(line): \(message)" }
}
