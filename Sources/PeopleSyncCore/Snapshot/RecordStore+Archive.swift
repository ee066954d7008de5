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

  public func archive(into out: inout [UInt8]) {
    out.reserveCapacity(out.count + archivedCount)
    archive { out.append(contentsOf: $0) }
  }

  /// The store `archived` wrote, or nil when the bytes are not one this build can read.
  public static func unarchive(_ bytes: UnsafeRawBufferPointer, source: String, customNames: [String]) -> RecordStore? {
    let header = archiveMagic.count + 32
    guard bytes.count >= header, Array(bytes.prefix(archiveMagic.count)) == archiveMagic else { return nil }
    func number(_ index: Int) -> Int {
      Int(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: archiveMagic.count + 8 * index, as: UInt64.self)))
    }
    let (stride, textCount, rowCount, customCount) = (number(0), number(1), number(2), number(3))
    let rowBytes = rowCount * MemoryLayout<Row>.stride
    let customBytes = customCount * MemoryLayout<TextRange>.stride
    guard stride == MemoryLayout<Row>.stride, textCount >= 0, rowCount >= 0, customCount == rowCount * customNames.count,
      bytes.count == header + textCount + rowBytes + customBytes
    else { return nil }
    let store = RecordStore(source: source, customNames: customNames, expectedBytes: textCount)
    if textCount > 0 {
      store.base.update(from: bytes.baseAddress!.advanced(by: header).assumingMemoryBound(to: UInt8.self), count: textCount)
    }
    store.used = textCount
    store.rows = [Row](unsafeUninitializedCapacity: rowCount) { buffer, initialized in
      UnsafeMutableRawBufferPointer(buffer).copyMemory(
        from: UnsafeRawBufferPointer(rebasing: bytes[(header + textCount)...].prefix(rowBytes)))
      initialized = rowCount
    }
    store.custom = [TextRange](unsafeUninitializedCapacity: customCount) { buffer, initialized in
      UnsafeMutableRawBufferPointer(buffer).copyMemory(
        from: UnsafeRawBufferPointer(rebasing: bytes[(header + textCount + rowBytes)...].prefix(customBytes)))
      initialized = customCount
    }
    // Every range must lie inside the text: a damaged file is refused, never read past its end.
    let inside: (TextRange) -> Bool = { Int($0.start) + Int($0.count) <= textCount }
    guard store.custom.allSatisfy(inside),
      store.rows.allSatisfy({ row in withUnsafeBytes(of: row.fields) { $0.bindMemory(to: TextRange.self).allSatisfy(inside) } })
    else { return nil }
    return store
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

  /// The snapshot `archive` wrote, or nil when the bytes are not one this build can read.
  public static func unarchive(_ bytes: UnsafeRawBufferPointer, source: SourceConfig, customFields: [String], file: String) -> Snapshot? {
    var offset = 0
    func part() -> UnsafeRawBufferPointer? {
      guard bytes.count >= offset + 8 else { return nil }
      let length = Int(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
      guard length >= 0, bytes.count >= offset + 8 + length else { return nil }
      defer { offset += 8 + length }
      return UnsafeRawBufferPointer(rebasing: bytes[(offset + 8)..<(offset + 8 + length)])
    }
    guard let storeBytes = part(), let indexBytes = part(), offset == bytes.count,
      let store = RecordStore.unarchive(storeBytes, source: source.name, customNames: customFields)
    else { return nil }
    let records = (0..<store.count).map { EmployeeRecord(store: store, index: $0) }
    var snapshot = Snapshot(source: source, file: file, records: records, rejected: [], diagnostics: [], rowCount: store.count)
    if !indexBytes.isEmpty {
      guard let index = ByteIndex.unarchive(indexBytes, positions: records.count) else { return nil }
      snapshot.emailIndex = EmailIndex(index: index, records: records)
    }
    return snapshot
  }
}
