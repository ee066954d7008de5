import Foundation

/// Where new objects go: loose files for small changes, one packfile for large ones.
public protocol ObjectWriter: AnyObject {
  /// Stores an object and returns its id.
  func write(_ bytes: UnsafeRawBufferPointer, type: ObjectType) throws -> ObjectID
  /// Makes everything written so far durable and visible to the repository.
  func finish() throws
  /// How many objects were written.
  var objectsWritten: Int { get }
  /// Stores a tree written for `path` (slash-separated, "" for the root): a writer that stores
  /// versions of a path as deltas against each other uses it; others ignore it.
  func write(_ bytes: [UInt8], type: ObjectType, path: String) throws -> ObjectID
  /// A tree's bytes when this writer has them at hand (written lately), so reading it from the
  /// object database can be skipped; nil otherwise.
  func knownTree(_ id: ObjectID) -> [UInt8]?
}

extension ObjectWriter {
  public func knownTree(_ id: ObjectID) -> [UInt8]? { nil }

  public func write(_ bytes: [UInt8], type: ObjectType, path: String) throws -> ObjectID { try write(bytes, type: type) }

  /// Stores an object held in an array.
  public func write(_ bytes: [UInt8], type: ObjectType) throws -> ObjectID {
    try bytes.withUnsafeBytes { try write($0, type: type) }
  }

  /// Stores an object that will not compress (encrypted data): a pack stores it as it is
  /// rather than spend time trying; other writers compress as usual.
  public func writeIncompressible(_ bytes: [UInt8], type: ObjectType) throws -> ObjectID {
    if let pack = self as? PackObjectWriter { return try bytes.withUnsafeBytes { try pack.write($0, type: type, store: true) } }
    return try write(bytes, type: type)
  }
}
