/// The one seam every blob holding personal data passes through on its way into
/// and out of git. Plain today; an encrypting codec replaces it without touching
/// the planner. Encoding must be deterministic, so unchanged entries keep their blob.
public protocol BlobCodec: Sendable {
  func encode(_ plain: [UInt8], kind: BlobKind) throws -> [UInt8]
  func decode(_ stored: [UInt8], kind: BlobKind) throws -> [UInt8]
  /// Lends the plain bytes of `stored` to `body`; a snapshot of a million people is never copied
  /// when the codec has nothing to undo.
  func withDecoded<T>(_ stored: UnsafeRawBufferPointer, kind: BlobKind, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T
  /// The stored form of an entry, to compare with a committed blob, without creating keys;
  /// nil when it cannot be made (the person has no key yet, so nothing stored can match).
  func encodeForComparison(_ plain: [UInt8], kind: BlobKind) -> [UInt8]?
}

extension BlobCodec {
  public func encodeForComparison(_ plain: [UInt8], kind: BlobKind) -> [UInt8]? { try? encode(plain, kind: kind) }

  public func withDecoded<T>(_ stored: UnsafeRawBufferPointer, kind: BlobKind, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
    try decode(Array(stored), kind: kind).withUnsafeBytes { try body($0) }
  }
}
