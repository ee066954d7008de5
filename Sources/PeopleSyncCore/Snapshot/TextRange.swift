/// Where a field's bytes are in a `RecordStore`; a zero count means the field is blank.
@frozen
public struct TextRange: Equatable, Sendable {
  public var start: UInt32
  public var count: UInt32

  public init(start: UInt32, count: UInt32) {
    self.start = start
    self.count = count
  }

  public static let blank = TextRange(start: 0, count: 0)

  public var isBlank: Bool { count == 0 }
}
