import PeopleSyncCore

/// What a stored blob holds, so a codec can pick its key; when reading, where the blob was found,
/// which a sealed blob must have been sealed for.
public enum BlobKind: Sendable, CustomStringConvertible {
  case snapshot(tenant: String, source: String)
  case entry(tenant: String, id: PersonID)
  /// A SCIM resource file, sealed under the resource's own key (see `SCIMResourceKeys`).
  case scimResource(tenant: String, key: PersonID)

  public var tenant: String {
    switch self {
    case .snapshot(let tenant, _), .entry(let tenant, _), .scimResource(let tenant, _): tenant
    }
  }

  public var description: String {
    switch self {
    case .snapshot(let tenant, let source): "the snapshot of source \(source) of tenant \(tenant)"
    case .entry(let tenant, let id): "the entry of person \(id) of tenant \(tenant)"
    case .scimResource(let tenant, _): "a SCIM resource of tenant \(tenant)"
    }
  }
}

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

/// Stores personal data as written.
public struct PlainBlobCodec: BlobCodec {
  public init() {}
  public func encode(_ plain: [UInt8], kind: BlobKind) throws -> [UInt8] { plain }
  public func decode(_ stored: [UInt8], kind: BlobKind) throws -> [UInt8] { stored }
  public func withDecoded<T>(_ stored: UnsafeRawBufferPointer, kind: BlobKind, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
    try body(stored)
  }
}
