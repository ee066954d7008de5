/// Stores personal data as written.
package struct PlainBlobCodec: BlobCodec {
  /// The codec of tenants without encryption.
  package init() {}
  /// `plain` itself.
  package func encode(_ plain: [UInt8], kind: BlobKind) throws -> [UInt8] { plain }
  /// `stored` itself.
  package func decode(_ stored: [UInt8], kind: BlobKind) throws -> [UInt8] { stored }
  /// Lends `stored` itself, uncopied.
  package func withDecoded<T>(_ stored: UnsafeRawBufferPointer, kind: BlobKind, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
    try body(stored)
  }
}
