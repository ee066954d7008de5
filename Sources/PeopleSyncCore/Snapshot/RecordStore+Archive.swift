/// A record store as bytes and back, for `SnapshotCache`: the text, then the rows and the
/// custom values as they lie in memory. Only this build reads what it wrote: the layout's sizes
/// are part of the header, and the cache key names the tool's version.
extension RecordStore {
  static let archiveMagic: [UInt8] = Array("PSRS".utf8) + [1]

  /// Appends `magic | row stride | text count | row count | custom count | text | rows | custom` to `out`.
  public func archive(into out: inout [UInt8]) {
    let rowBytes = rows.count * MemoryLayout<Row>.stride
    let customBytes = custom.count * MemoryLayout<TextRange>.stride
    out.reserveCapacity(out.count + Self.archiveMagic.count + 32 + used + rowBytes + customBytes)
    out += Self.archiveMagic
    for number in [MemoryLayout<Row>.stride, used, rows.count, custom.count] {
      withUnsafeBytes(of: UInt64(number).littleEndian) { out.append(contentsOf: $0) }
    }
    out.append(contentsOf: UnsafeBufferPointer(start: base, count: used))
    rows.withUnsafeBytes { out.append(contentsOf: $0) }
    custom.withUnsafeBytes { out.append(contentsOf: $0) }
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
  /// A snapshot whose every row was valid, from its records' store (read back from a cache).
  public init(source: SourceConfig, file: String, store: RecordStore) {
    self.init(
      source: source, file: file, records: (0..<store.count).map { EmployeeRecord(store: store, index: $0) }, rejected: [], diagnostics: [],
      rowCount: store.count)
  }

  /// The records' store, when every row was valid and they share one: what `SnapshotCache` keeps.
  public var cleanStore: RecordStore? {
    guard isUsable, rejected.isEmpty, diagnostics.isEmpty, records.count == rowCount, let store = records.first?.store,
      store.count == records.count, records.last?.store === store
    else { return nil }
    return store
  }
}
