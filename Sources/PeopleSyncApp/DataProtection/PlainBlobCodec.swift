/// Stores personal data as written.
public struct PlainBlobCodec: BlobCodec {
  public init() {}
  public func encode(_ plain: [UInt8], kind: BlobKind) throws -> [UInt8] { plain }
  public func decode(_ stored: [UInt8], kind: BlobKind) throws -> [UInt8] { stored }
  public func withDecoded<T>(_ stored: UnsafeRawBufferPointer, kind: BlobKind, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
    try body(stored)
  }
}
