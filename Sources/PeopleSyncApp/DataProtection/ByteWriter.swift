/// Appends big-endian integers and raw bytes to one growing buffer.
struct ByteWriter {
  private(set) var bytes: [UInt8] = []

  init(capacity: Int) { bytes.reserveCapacity(capacity) }

  mutating func append(_ value: UInt64) { Swift.withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) } }
  /// A key word as it lies in memory (what `Key32` read it from).
  mutating func appendRaw(_ value: UInt64) { Swift.withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) } }
  mutating func append(_ more: [UInt8]) { bytes.append(contentsOf: more) }
}
