import CLibCrypto
import CLibGit2

/// A git object id (SHA-1), as a plain value.
package struct ObjectID: Hashable, Comparable, Sendable, CustomStringConvertible {
  // Three words instead of a 20-byte array: cheap to hash and compare, no allocation.
  let a: UInt64
  let b: UInt64
  let c: UInt32

  init(_ oid: git_oid) {
    var copy = oid
    (a, b, c) = withUnsafeBytes(of: &copy.id) { raw in
      (
        raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
        raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
        raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
      )
    }
  }

  init(_ pointer: UnsafePointer<git_oid>) { self.init(pointer.pointee) }

  /// Parses a full 40-character hexadecimal id.
  package init?(hex: String) {
    guard hex.utf8.count == 40 else { return nil }
    var oid = git_oid()
    guard git_oid_fromstr(&oid, hex) == 0 else { return nil }
    self.init(oid)
  }

  var raw: git_oid {
    var oid = git_oid()
    withUnsafeMutableBytes(of: &oid.id) { raw in
      raw.storeBytes(of: a, toByteOffset: 0, as: UInt64.self)
      raw.storeBytes(of: b, toByteOffset: 8, as: UInt64.self)
      raw.storeBytes(of: c, toByteOffset: 16, as: UInt32.self)
    }
    return oid
  }

  /// Reads the 20 raw bytes at the start of `raw`.
  package init?(raw bytes: UnsafeRawBufferPointer) {
    guard bytes.count >= 20 else { return nil }
    a = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
    b = bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
    c = bytes.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
  }

  /// Appends the 20 raw bytes to `out` without an intermediate array.
  package func append(to out: inout [UInt8]) {
    Swift.withUnsafeBytes(of: a) { out.append(contentsOf: $0) }
    Swift.withUnsafeBytes(of: b) { out.append(contentsOf: $0) }
    Swift.withUnsafeBytes(of: c) { out.append(contentsOf: $0) }
  }

  /// The 20 raw bytes, as they appear inside tree objects.
  package var bytes: [UInt8] {
    var oid = raw
    return withUnsafeBytes(of: &oid.id) { Array($0) }
  }

  /// The 40-character hexadecimal form.
  package var hex: String {
    var oid = raw
    var buffer = [CChar](repeating: 0, count: 41)
    git_oid_tostr(&buffer, 41, &oid)
    return String(cString: buffer)
  }

  package var description: String { hex }

  /// The abbreviated form used in human-readable output.
  package var short: String { String(hex.prefix(10)) }

  /// Byte order, as git sorts ids (the words were loaded little-endian from the bytes).
  package static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
    (lhs.a.byteSwapped, lhs.b.byteSwapped, lhs.c.byteSwapped) < (rhs.a.byteSwapped, rhs.b.byteSwapped, rhs.c.byteSwapped)
  }

  /// The first byte, for pack index fan-out tables.
  var firstByte: UInt8 { UInt8(truncatingIfNeeded: a) }

  /// The id git gives `bytes` stored as a blob, computed without writing anything.
  package static func hashBlob(_ bytes: UnsafeRawBufferPointer) -> ObjectID { hash(bytes, type: .blob) }

  /// The id git gives `bytes` stored as an object of `type`. OpenSSL's SHA-1 (with the CPU's
  /// SHA instructions) instead of libgit2's collision-detecting one: the ids are the same,
  /// and a sync hashes every person's entry.
  package static func hash(_ bytes: UnsafeRawBufferPointer, type: ObjectType) -> ObjectID {
    var oid = git_oid()
    withUnsafeMutableBytes(of: &oid.id) { out in
      peoplesync_git_object_sha1(
        type.name, bytes.baseAddress, bytes.count, out.baseAddress!.assumingMemoryBound(to: UInt8.self))
    }
    return ObjectID(oid)
  }

  /// The id git gives `bytes` stored as a blob.
  package static func hashBlob(_ bytes: [UInt8]) -> ObjectID {
    bytes.withUnsafeBytes { hashBlob($0) }
  }
}
