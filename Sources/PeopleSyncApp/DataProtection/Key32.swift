/// A 256-bit key held as four words, so a million of them fit a `PersonTable` compactly, and a
/// random tag that tells this key from an earlier one of the same person (destroyed at a purge
/// before they came back): blobs carry the tag, so history sealed with the old key reads as erased.
struct Key32: Equatable {
  let a: UInt64, b: UInt64, c: UInt64, d: UInt64
  let tag: UInt64

  init(a: UInt64, b: UInt64, c: UInt64, d: UInt64, tag: UInt64) {
    (self.a, self.b, self.c, self.d, self.tag) = (a, b, c, d, tag)
  }

  init(_ bytes: [UInt8], tag: UInt64) {
    self.tag = tag
    precondition(bytes.count == 32)
    (a, b, c, d) = bytes.withUnsafeBytes {
      (
        $0.loadUnaligned(fromByteOffset: 0, as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
        $0.loadUnaligned(fromByteOffset: 16, as: UInt64.self), $0.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
      )
    }
  }

  var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

  /// The key's 32 bytes, without copying them to the heap.
  func withUnsafeBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
    var words = (a, b, c, d)
    defer { words = (0, 0, 0, 0) }
    return try Swift.withUnsafeBytes(of: &words, body)
  }
}
