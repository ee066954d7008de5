/// A record store as bytes and back, for `SnapshotCache`: the text, then the rows and the
/// custom values as they lie in memory. Only this build reads what it wrote: the layout's sizes
/// are part of the header, and the cache key names the tool's version.
extension RecordStore {
  static let archiveMagic: [UInt8] = Array("PSRS".utf8) + [1]

  /// How many bytes `archive` writes.
  var archivedCount: Int {
    Self.archiveMagic.count + 32 + used + rows.count * MemoryLayout<Row>.stride + custom.count * MemoryLayout<TextRange>.stride
  }

  /// Hands `magic | row stride | text count | row count | custom count | text | rows | custom` to
  /// `write` piece by piece, straight from the store's memory.
  func archive(_ write: (UnsafeRawBufferPointer) throws -> Void) rethrows {
    var header = Self.archiveMagic
    for number in [MemoryLayout<Row>.stride, used, rows.count, custom.count] {
      withUnsafeBytes(of: UInt64(number).littleEndian) { header.append(contentsOf: $0) }
    }
    try header.withUnsafeBytes(write)
    try write(UnsafeRawBufferPointer(start: base, count: used))
    try rows.withUnsafeBytes(write)
    try custom.withUnsafeBytes(write)
  }

  /// Appends the archive to `out`, reserving its size once.
  public func archive(into out: inout [UInt8]) {
    out.reserveCapacity(out.count + archivedCount)
    archive { out.append(contentsOf: $0) }
  }

  /// The store `archive` wrote, `length` bytes of it taken from `read`, or nil when they are not
  /// one this build can read. The text and rows are read straight into their final buffers.
  static func unarchive(read: ArchiveReader, length: Int, source: String, customNames: [String]) -> RecordStore? {
    let header = archiveMagic.count + 32
    var head = [UInt8](repeating: 0, count: header)
    guard length >= header, head.withUnsafeMutableBytes(read), Array(head.prefix(archiveMagic.count)) == archiveMagic else { return nil }
    func number(_ index: Int) -> Int {
      head.withUnsafeBytes { Int(UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: archiveMagic.count + 8 * index, as: UInt64.self))) }
    }
    let (stride, textCount, rowCount, customCount) = (number(0), number(1), number(2), number(3))
    guard stride == MemoryLayout<Row>.stride, textCount >= 0, rowCount >= 0, rowCount < 1 << 32,
      customCount == rowCount * customNames.count,
      length == header + textCount + rowCount * stride + customCount * MemoryLayout<TextRange>.stride
    else { return nil }
    let store = RecordStore(source: source, customNames: customNames, expectedBytes: textCount)
    guard read(UnsafeMutableRawBufferPointer(start: store.base, count: textCount)) else { return nil }
    store.used = textCount
    var complete = true
    store.rows = [Row](unsafeUninitializedCapacity: rowCount) { buffer, initialized in
      complete = read(UnsafeMutableRawBufferPointer(buffer))
      initialized = complete ? rowCount : 0
    }
    store.custom = [TextRange](unsafeUninitializedCapacity: customCount) { buffer, initialized in
      complete = complete && read(UnsafeMutableRawBufferPointer(buffer))
      initialized = complete ? customCount : 0
    }
    // Every range must lie inside the text: a damaged file is refused, never read past its end.
    let inside: (TextRange) -> Bool = { Int($0.start) + Int($0.count) <= textCount }
    guard complete, store.custom.allSatisfy(inside),
      store.rows.allSatisfy({ row in withUnsafeBytes(of: row.fields) { $0.bindMemory(to: TextRange.self).allSatisfy(inside) } })
    else { return nil }
    return store
  }

  /// The store `archive` wrote, from memory.
  public static func unarchive(_ bytes: UnsafeRawBufferPointer, source: String, customNames: [String]) -> RecordStore? {
    unarchive(read: ArchiveReading.from(bytes), length: bytes.count, source: source, customNames: customNames)
  }
}

/// Fills the buffer it is given with the next bytes of an archive; false when they are not there.
public typealias ArchiveReader = (UnsafeMutableRawBufferPointer) -> Bool

/// Archive readers over the places an archive is read from.
public enum ArchiveReading {
  /// A reader over bytes in memory.
  public static func from(_ bytes: UnsafeRawBufferPointer) -> ArchiveReader {
    var offset = 0
    return { buffer in
      guard buffer.count <= bytes.count - offset else { return false }
      if buffer.count > 0 { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + buffer.count)])) }
      offset += buffer.count
      return true
    }
  }
}

extension Snapshot {
  /// Hands `store length | store | email index length | email index` to `write` piece by piece,
  /// when every row was valid and the records share one store; false (and nothing written) otherwise.
  public func archive(_ write: (UnsafeRawBufferPointer) throws -> Void) rethrows -> Bool {
    guard isUsable, rejected.isEmpty, diagnostics.isEmpty, records.count == rowCount, let store = records.first?.store,
      store.count == records.count, records.last?.store === store
    else { return false }
    try withUnsafeBytes(of: UInt64(store.archivedCount).littleEndian, write)
    try store.archive(write)
    try withUnsafeBytes(of: UInt64(emailIndex?.index.archivedCount ?? 0).littleEndian, write)
    try emailIndex?.index.archive(write)
    return true
  }

  /// The same, appended to `out`.
  public func archive(into out: inout [UInt8]) -> Bool { archive { out.append(contentsOf: $0) } }

  /// How many bytes `archive` hands over; nil when it would hand over none.
  public var archivedCount: Int? {
    var count = 0
    return archive { count += $0.count } ? count : nil
  }

  /// The snapshot `archive` wrote, taken from `read`, or nil when it is not one this build can read.
  public static func unarchive(read: ArchiveReader, source: SourceConfig, customFields: [String], file: String) -> Snapshot? {
    func length() -> Int? {
      var value: UInt64 = 0
      guard withUnsafeMutableBytes(of: &value, read) else { return nil }
      let length = Int(UInt64(littleEndian: value))
      return length >= 0 && length < 1 << 40 ? length : nil
    }
    guard let storeLength = length(),
      let store = RecordStore.unarchive(read: read, length: storeLength, source: source.name, customNames: customFields),
      let indexLength = length()
    else { return nil }
    let records = (0..<store.count).map { EmployeeRecord(store: store, index: $0) }
    var snapshot = Snapshot(source: source, file: file, records: records, rejected: [], diagnostics: [], rowCount: store.count)
    if indexLength > 0 {
      guard let index = ByteIndex.unarchive(read: read, length: indexLength, positions: records.count) else { return nil }
      snapshot.emailIndex = EmailIndex(index: index, records: records)
    }
    return snapshot
  }

  /// The snapshot `archive` wrote, from memory (all of `bytes`).
  public static func unarchive(_ bytes: UnsafeRawBufferPointer, source: SourceConfig, customFields: [String], file: String) -> Snapshot? {
    let read = ArchiveReading.from(bytes)
    guard let snapshot = unarchive(read: read, source: source, customFields: customFields, file: file) else { return nil }
    var extra: UInt8 = 0
    return withUnsafeMutableBytes(of: &extra, read) ? nil : snapshot
  }
}
