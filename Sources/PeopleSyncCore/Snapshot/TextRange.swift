/// Where a field's bytes are in a `RecordStore`; a zero count means the field is blank.
@frozen
public struct TextRange: Equatable, Sendable {
  /// The offset of the field's first byte in the store's text.
  public var start: UInt32
  /// The field's length in bytes.
  public var count: UInt32

  /// The range of `count` bytes from `start`.
  public init(start: UInt32, count: UInt32) {
    self.start = start
    self.count = count
  }

  /// A blank field.
  public static let blank = TextRange(start: 0, count: 0)

  /// True when the field has no value.
  public var isBlank: Bool { count == 0 }
}
