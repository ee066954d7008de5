/// How a CSV source is read.
public struct CSVOptions: Equatable, Sendable {
  /// The character between fields; `auto` guesses it from the header line.
  public enum Delimiter: String, CaseIterable, Sendable {
    case auto, comma, semicolon, tab

    var byte: UInt8? {
      switch self {
      case .auto: nil
      case .comma: UInt8(ascii: ",")
      case .semicolon: UInt8(ascii: ";")
      case .tab: 0x09
      }
    }
  }

  /// How quotes inside quoted fields are escaped.
  public enum Quoting: String, CaseIterable, Sendable {
    /// RFC 4180 (`""` inside quotes), falling back to backslash escapes when that fails.
    case auto
    case rfc4180
    /// The original product's variant: every value quoted, `\"` and `\\` escapes.
    case backslash
  }

  /// Column header per standard field; missing entries use the original header names.
  public var columns: [StandardField: String]
  /// Column header per custom field; missing entries use the field's own name.
  public var customColumns: [String: String]
  /// The field delimiter.
  public var delimiter: Delimiter
  /// The quoting convention.
  public var quoting: Quoting

  /// A source's options; by default the original header names, with the delimiter and quoting detected.
  public init(
    columns: [StandardField: String] = [:], customColumns: [String: String] = [:], delimiter: Delimiter = .auto, quoting: Quoting = .auto
  ) {
    self.columns = columns
    self.customColumns = customColumns
    self.delimiter = delimiter
    self.quoting = quoting
  }

  /// The header that holds `field`.
  public func column(for field: StandardField) -> String { columns[field] ?? field.defaultColumn }
}
