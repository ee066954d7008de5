/// The records of one snapshot, stored compactly: every field's bytes in one buffer, and one
/// fixed-size row of positions per person.
///
/// A million people cost one text buffer and one row array here, instead of a dozen string
/// allocations each; the hot phases read the bytes directly and make strings only for the
/// people who change.
public final class RecordStore: @unchecked Sendable {
  /// The positions of one record's fields.
  struct Row {
    var line: UInt32
    var hire: Int32
    var termination: Int32
    var fields: (TextRange, TextRange, TextRange, TextRange, TextRange, TextRange, TextRange, TextRange, TextRange, TextRange)
  }

  /// Sentinel for a missing date in a row.
  static let noDay = Int32.min

  /// The name of the source the records come from.
  public let source: String
  /// Names of the custom fields, aligned with each record's custom values.
  public let customNames: [String]
  /// Field bytes; stable once the store is built, so readers may hold pointers into it.
  private(set) var base: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  var used = 0
  var rows: [Row] = []
  /// Custom values, `customNames.count` per record.
  var custom: [TextRange] = []

  /// An empty store; `expectedBytes` (about the snapshot file's size) sizes its text buffer once.
  public init(source: String, customNames: [String], expectedBytes: Int = 4096) {
    self.source = source
    self.customNames = customNames
    capacity = max(64, expectedBytes)
    base = .allocate(capacity: capacity)
  }

  deinit { base.deallocate() }

  /// The number of records.
  public var count: Int { rows.count }

  /// The bytes of a field.
  public func bytes(_ range: TextRange) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: base + Int(range.start), count: Int(range.count))
  }

  /// A field as a string, nil when blank.
  public func string(_ range: TextRange) -> String? {
    range.isBlank ? nil : String(decoding: bytes(range), as: UTF8.self)
  }

  // MARK: Building

  /// Appends bytes and returns where they went.
  func append(_ bytes: UnsafeBufferPointer<UInt8>, lowercasingASCII: Bool = false) -> TextRange {
    guard !bytes.isEmpty else { return .blank }
    reserve(bytes.count)
    let start = used
    if lowercasingASCII {
      for (offset, byte) in bytes.enumerated() { base[start + offset] = (65...90).contains(byte) ? byte | 0x20 : byte }
    } else {
      (base + start).update(from: bytes.baseAddress!, count: bytes.count)
    }
    used += bytes.count
    return TextRange(start: UInt32(start), count: UInt32(bytes.count))
  }

  func append(_ text: String) -> TextRange {
    var text = text
    return text.withUTF8 { append($0) }
  }

  private func reserve(_ extra: Int) {
    guard used + extra > capacity else { return }
    precondition(used + extra < Int(UInt32.max), "a snapshot larger than 4 GiB")
    var bigger = capacity * 2
    while bigger < used + extra { bigger *= 2 }
    let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
    fresh.update(from: base, count: used)
    base.deallocate()
    base = fresh
    capacity = bigger
  }

  /// The current end of the text, to roll back a row that turns out to be rejected.
  var mark: Int { used }

  func rollBack(to mark: Int) { used = mark }

  /// Adds a record whose fields were appended; returns it.
  func addRow(line: Int, fields: [TextRange], hire: Day?, termination: Day?, custom values: [TextRange]) -> EmployeeRecord {
    precondition(fields.count == 10 && values.count == customNames.count)
    rows.append(
      Row(
        line: UInt32(line), hire: hire?.ordinal ?? Self.noDay, termination: termination?.ordinal ?? Self.noDay,
        fields: (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6], fields[7], fields[8], fields[9])))
    custom += values
    return EmployeeRecord(store: self, index: rows.count - 1)
  }
  func field(_ row: Int, _ field: StandardField) -> TextRange {
    withUnsafeBytes(of: rows[row].fields) { $0.load(fromByteOffset: field.ordinal * MemoryLayout<TextRange>.stride, as: TextRange.self) }
  }
}
