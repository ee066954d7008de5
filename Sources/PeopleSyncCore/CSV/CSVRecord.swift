/// One record while a scan is on it: its fields' unescaped bytes, valid only during the callback.
public struct CSVRecord {
  let bytes: UnsafeBufferPointer<UInt8>
  let ends: UnsafeBufferPointer<Int>
  /// The 1-based line the record starts on.
  public let line: Int

  /// The number of fields in the record.
  public var fieldCount: Int { ends.count }

  private func bounds(_ column: Int) -> (Int, Int) {
    var start = column == 0 ? 0 : ends[column - 1]
    var end = ends[column]
    while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
    while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
    return (start, end)
  }

  /// The field's text with surrounding spaces and tabs removed.
  public func field(_ column: Int) -> String { String(decoding: trimmed(column), as: UTF8.self) }

  /// The field's bytes with surrounding spaces and tabs removed; valid during the callback only.
  public func trimmed(_ column: Int) -> UnsafeBufferPointer<UInt8> {
    let (start, end) = bounds(column)
    return UnsafeBufferPointer(rebasing: bytes[start..<end])
  }

  /// True when the field holds nothing but spaces.
  public func isBlank(_ column: Int) -> Bool {
    let (start, end) = bounds(column)
    return start == end
  }

  /// True when every field is blank (a row of bare separators).
  public var isBlankLine: Bool { (0..<fieldCount).allSatisfy(isBlank) }

  /// All fields.
  public var fields: [String] { (0..<fieldCount).map(field) }
}
