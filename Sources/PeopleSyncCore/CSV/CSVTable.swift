/// A parsed CSV file: every field's unescaped bytes in one buffer, addressed by offsets.
///
/// One buffer and three offset arrays instead of a `String` per field keeps a
/// million-row file at a few hundred bytes per row; strings are made only for
/// the columns that are used.
public struct CSVTable: Sendable {
  /// Unescaped field bytes, back to back.
  var storage: [UInt8] = []
  /// The end offset in `storage` of each field, in file order.
  var fieldEnds: [UInt32] = []
  /// The index in `fieldEnds` of each record's first field, plus one final entry.
  var recordStarts: [UInt32] = [0]
  /// The 1-based line each record starts on.
  var recordLines: [UInt32] = []
  /// The separator that was used.
  public internal(set) var delimiter: UInt8 = UInt8(ascii: ",")
  /// The quoting convention that parsed the file.
  public internal(set) var quoting: CSVOptions.Quoting = .rfc4180
  /// True when the file began with a UTF-8 byte order mark.
  public internal(set) var hadByteOrderMark = false

  /// Records including the header.
  public var recordCount: Int { recordLines.count }

  /// The line record `record` starts on.
  public func line(of record: Int) -> Int { Int(recordLines[record]) }

  /// The number of fields of record `record`.
  public func fieldCount(of record: Int) -> Int { Int(recordStarts[record + 1] - recordStarts[record]) }

  private func bounds(_ record: Int, _ column: Int) -> Range<Int> {
    let index = Int(recordStarts[record]) + column
    let start = index == 0 ? 0 : Int(fieldEnds[index - 1])
    return start..<Int(fieldEnds[index])
  }

  /// The field's text with surrounding spaces and tabs removed.
  public func field(_ record: Int, _ column: Int) -> String {
    var range = bounds(record, column)
    while range.lowerBound < range.upperBound, storage[range.lowerBound] == 0x20 || storage[range.lowerBound] == 0x09 {
      range = (range.lowerBound + 1)..<range.upperBound
    }
    while range.lowerBound < range.upperBound, storage[range.upperBound - 1] == 0x20 || storage[range.upperBound - 1] == 0x09 {
      range = range.lowerBound..<(range.upperBound - 1)
    }
    return storage.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
  }

  /// True when the field holds nothing but spaces.
  public func isBlank(_ record: Int, _ column: Int) -> Bool {
    bounds(record, column).allSatisfy { storage[$0] == 0x20 || storage[$0] == 0x09 }
  }

  /// All fields of a record.
  public func record(_ record: Int) -> [String] { (0..<fieldCount(of: record)).map { field(record, $0) } }

  /// Appends a record streamed by `CSVParser.scan`.
  mutating func append(_ record: CSVRecord) {
    let base = storage.count
    storage.append(contentsOf: record.bytes)
    for end in record.ends { fieldEnds.append(UInt32(base + end)) }
    recordStarts.append(UInt32(fieldEnds.count))
    recordLines.append(UInt32(record.line))
  }
}
