/// Reads fixed-size fields from the front of a byte buffer.
struct ByteReader {
  private let bytes: UnsafeRawBufferPointer
  private var position = 0

  init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

  var atEnd: Bool { position == bytes.count }

  mutating func take(_ count: Int) -> [UInt8]? {
    guard count >= 0, bytes.count - position >= count else { return nil }
    defer { position += count }
    return Array(bytes[position..<(position + count)])
  }

  mutating func uint64() -> UInt64? { raw().map { UInt64(bigEndian: $0) } }

  /// Eight bytes as they lie in memory.
  mutating func raw() -> UInt64? {
    guard bytes.count - position >= 8 else { return nil }
    defer { position += 8 }
    return bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)
  }
}
