import Foundation

/// A hash table from byte strings (emails, Employee IDs) to record positions, where the
/// keys stay in the records' own storage: a million emails are indexed without making
/// a million strings.
struct ByteIndex {
  private struct Slot {
    var hash: UInt64
    /// Record position plus one; zero marks an empty slot.
    var value: Int32
  }

  private var slots: [Slot]
  private var mask: Int
  private(set) var count = 0

  init(capacity: Int) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = [Slot](repeating: Slot(hash: 0, value: 0), count: size)
    mask = size - 1
  }

  /// A fast 64-bit hash of bytes (FNV-1a over 8-byte words, then a final mix).
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
    var index = 0
    let count = bytes.count
    if let base = bytes.baseAddress {
      while index + 8 <= count {
        h = (h ^ UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) &* 0x0000_0100_0000_01b3
        h ^= h >> 29
        index += 8
      }
      while index < count {
        h = (h ^ UInt64(base[index])) &* 0x0000_0100_0000_01b3
        index += 1
      }
    }
    h ^= h >> 33
    h = h &* 0xff51_afd7_ed55_8ccd
    h ^= h >> 33
    return h
  }

  /// The slot holding `key`, or the empty slot where it would go.
  private func probe(_ key: UnsafeBufferPointer<UInt8>, hash h: UInt64, keyAt: (Int) -> UnsafeBufferPointer<UInt8>) -> (
    index: Int, found: Bool
  ) {
    var index = Int(truncatingIfNeeded: h) & mask
    while slots[index].value != 0 {
      let slot = slots[index]
      if slot.hash == h, Self.equal(keyAt(Int(slot.value) - 1), key) { return (index, true) }
      index = (index + 1) & mask
    }
    return (index, false)
  }

  /// The position stored for `key`, comparing candidates with `keyAt`.
  func find(_ key: UnsafeBufferPointer<UInt8>, keyAt: (Int) -> UnsafeBufferPointer<UInt8>) -> Int? {
    let (index, found) = probe(key, hash: Self.hash(key), keyAt: keyAt)
    return found ? Int(slots[index].value) - 1 : nil
  }

  /// Stores `position` for `key` unless the key is there; returns the position already stored.
  mutating func insert(_ key: UnsafeBufferPointer<UInt8>, position: Int, keyAt: (Int) -> UnsafeBufferPointer<UInt8>) -> Int? {
    if (count + 1) * 2 > slots.count { grow() }
    let h = Self.hash(key)
    let (index, found) = probe(key, hash: h, keyAt: keyAt)
    if found { return Int(slots[index].value) - 1 }
    slots[index] = Slot(hash: h, value: Int32(position + 1))
    count += 1
    return nil
  }

  var archivedCount: Int { 24 + slots.count * MemoryLayout<Slot>.stride }

  /// Hands the table as it lies in memory to `write` (`SnapshotCache` keeps it with the records).
  func archive(_ write: (UnsafeRawBufferPointer) throws -> Void) rethrows {
    var header: [UInt8] = []
    for number in [MemoryLayout<Slot>.stride, slots.count, count] {
      withUnsafeBytes(of: UInt64(number).littleEndian) { header.append(contentsOf: $0) }
    }
    try header.withUnsafeBytes(write)
    try slots.withUnsafeBytes(write)
  }

  /// The table `archive` wrote over `positions` keys, `length` bytes taken from `read`, or nil
  /// when they are not one.
  static func unarchive(read: ArchiveReader, length: Int, positions: Int) -> ByteIndex? {
    var head = [UInt8](repeating: 0, count: 24)
    guard length >= 24, head.withUnsafeMutableBytes(read) else { return nil }
    func number(_ index: Int) -> Int {
      head.withUnsafeBytes { Int(UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self))) }
    }
    let (stride, size, count) = (number(0), number(1), number(2))
    guard stride == MemoryLayout<Slot>.stride, size >= 16, size < 1 << 40, size & (size - 1) == 0, count <= positions, count * 2 <= size,
      length == 24 + size * stride
    else { return nil }
    var index = ByteIndex(capacity: 0)
    var complete = true
    index.slots = [Slot](unsafeUninitializedCapacity: size) { buffer, initialized in
      complete = read(UnsafeMutableRawBufferPointer(buffer))
      initialized = complete ? size : 0
    }
    // Every slot must name a key that exists: a damaged table is refused, never followed.
    guard complete, index.slots.allSatisfy({ $0.value >= 0 && Int($0.value) <= positions }) else { return nil }
    index.mask = size - 1
    index.count = count
    return index
  }

  private static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
    a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
  }

  private mutating func grow() {
    let old = slots
    var size = slots.count * 2
    if size < 16 { size = 16 }
    slots = [Slot](repeating: Slot(hash: 0, value: 0), count: size)
    mask = size - 1
    for slot in old where slot.value != 0 {
      var index = Int(truncatingIfNeeded: slot.hash) & mask
      while slots[index].value != 0 { index = (index + 1) & mask }
      slots[index] = slot
    }
  }
}
