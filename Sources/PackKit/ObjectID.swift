import CLibCrypto

/// A git object id (SHA-1), as a plain value.
public struct ObjectID: Hashable, Comparable, Sendable, CustomStringConvertible {
  // Three words instead of a 20-byte array: cheap to hash and compare, no allocation. The words
  // are the id's bytes loaded little-endian, as they lie in memory.
  public let a: UInt64
  public let b: UInt64
  public let c: UInt32

  /// The id whose 20 bytes are these three words, loaded little-endian.
  public init(a: UInt64, b: UInt64, c: UInt32) {
    self.a = a
    self.b = b
    self.c = c
  }

  /// Parses a full 40-character hexadecimal id (either case).
  public init?(hex: String) {
    let digits = Array(hex.utf8)
    guard digits.count == 40 else { return nil }
    var bytes = [UInt8](repeating: 0, count: 20)
    for index in 0..<20 {
      guard let high = Self.nibble(digits[2 * index]), let low = Self.nibble(digits[2 * index + 1]) else { return nil }
      bytes[index] = high << 4 | low
    }
    self = bytes.withUnsafeBytes { ObjectID(raw: $0)! }
  }

  private static func nibble(_ digit: UInt8) -> UInt8? {
    switch digit {
    case 0x30...0x39: digit - 0x30
    case 0x61...0x66: digit - 0x61 + 10
    case 0x41...0x46: digit - 0x41 + 10
    default: nil
    }
  }

  /// Reads the 20 raw bytes at the start of `raw`.
  public init?(raw bytes: UnsafeRawBufferPointer) {
    guard bytes.count >= 20 else { return nil }
    a = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
    b = bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
    c = bytes.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
  }

  /// Appends the 20 raw bytes to `out` without an intermediate array.
  public func append(to out: inout [UInt8]) {
    Swift.withUnsafeBytes(of: a) { out.append(contentsOf: $0) }
    Swift.withUnsafeBytes(of: b) { out.append(contentsOf: $0) }
    Swift.withUnsafeBytes(of: c) { out.append(contentsOf: $0) }
  }

  /// The 20 raw bytes, as they appear inside tree objects.
  public var bytes: [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(20)
    append(to: &out)
    return out
  }

  /// The 40-character hexadecimal form.
  public var hex: String {
    let digits = Array("0123456789abcdef".utf8)
    return String(unsafeUninitializedCapacity: 40) { buffer in
      for (index, byte) in bytes.enumerated() {
        buffer[2 * index] = digits[Int(byte >> 4)]
        buffer[2 * index + 1] = digits[Int(byte & 15)]
      }
      return 40
    }
  }

  public var description: String { hex }

  /// The abbreviated form used in human-readable output.
  public var short: String { String(hex.prefix(10)) }

  /// Byte order, as git sorts ids (the words were loaded little-endian from the bytes).
  public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
    (lhs.a.byteSwapped, lhs.b.byteSwapped, lhs.c.byteSwapped) < (rhs.a.byteSwapped, rhs.b.byteSwapped, rhs.c.byteSwapped)
  }

  /// The first byte, for pack index fan-out tables.
  public var firstByte: UInt8 { UInt8(truncatingIfNeeded: a) }

  /// The id git gives `bytes` stored as a blob, computed without writing anything.
  public static func hashBlob(_ bytes: UnsafeRawBufferPointer) -> ObjectID { hash(bytes, type: .blob) }

  /// The id git gives `bytes` stored as an object of `type`. OpenSSL's SHA-1 (with the CPU's
  /// SHA instructions) instead of libgit2's collision-detecting one: the ids are the same,
  /// and a sync hashes every person's entry.
  public static func hash(_ bytes: UnsafeRawBufferPointer, type: ObjectType) -> ObjectID {
    var out = (UInt64(0), UInt64(0), UInt32(0))
    withUnsafeMutableBytes(of: &out) { raw in
      peoplesync_git_object_sha1(type.name, bytes.baseAddress, bytes.count, raw.baseAddress!.assumingMemoryBound(to: UInt8.self))
    }
    return withUnsafeBytes(of: out) { ObjectID(raw: UnsafeRawBufferPointer(rebasing: $0[0..<20]))! }
  }

  /// The id git gives `bytes` stored as a blob.
  public static func hashBlob(_ bytes: [UInt8]) -> ObjectID {
    bytes.withUnsafeBytes { hashBlob($0) }
  }
}
