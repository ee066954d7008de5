/// The one seam every blob holding personal data passes through on its way into
/// and out of git. Plain today; an encrypting codec replaces it without touching
/// the planner. Encoding must be deterministic, so unchanged entries keep their blob.
package protocol BlobCodec: Sendable {
  /// The stored form of `plain`, which holds what `kind` says; the same bytes for the same input.
  func encode(_ plain: [UInt8], kind: BlobKind) throws -> [UInt8]
  /// The plain bytes of a blob found where `kind` says; throws when it cannot be opened there.
  func decode(_ stored: [UInt8], kind: BlobKind) throws -> [UInt8]
  /// Lends the plain bytes of `stored` to `body`; a snapshot of a million people is never copied
  /// when the codec has nothing to undo.
  func withDecoded<T>(_ stored: UnsafeRawBufferPointer, kind: BlobKind, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T
  /// The stored form of an entry, to compare with a committed blob, without creating keys;
  /// nil when it cannot be made (the person has no key yet, so nothing stored can match).
  func encodeForComparison(_ plain: [UInt8], kind: BlobKind) -> [UInt8]?
}

extension BlobCodec {
  /// `encode`, or nil when it fails: for codecs whose encoding creates nothing.
  package func encodeForComparison(_ plain: [UInt8], kind: BlobKind) -> [UInt8]? { try? encode(plain, kind: kind) }

  /// `decode` on a copy, lent to `body`: for codecs that must make new bytes anyway.
  package func withDecoded<T>(_ stored: UnsafeRawBufferPointer, kind: BlobKind, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
    try decode(Array(stored), kind: kind).withUnsafeBytes { try body($0) }
  }
}
