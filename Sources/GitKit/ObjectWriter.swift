import CLibGit2

/// The kinds of object PeopleSync writes.
public enum ObjectType: Sendable {
  case blob
  case tree

  var raw: git_object_t { self == .blob ? GIT_OBJECT_BLOB : GIT_OBJECT_TREE }
}

/// Where new objects go: loose files for small changes, one packfile for large ones.
public protocol ObjectWriter: AnyObject {
  /// Stores an object and returns its id.
  func write(_ bytes: UnsafeRawBufferPointer, type: ObjectType) throws -> ObjectID
  /// Makes everything written so far durable and visible to the repository.
  func finish() throws
  /// How many objects were written.
  var objectsWritten: Int { get }
}

extension ObjectWriter {
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

/// Writes each object as a loose file through the repository's object database.
public final class LooseObjectWriter: ObjectWriter {
  private let odb: OpaquePointer
  public private(set) var objectsWritten = 0

  /// A writer into `repository`'s object database.
  public init(repository: Repository) throws {
    var handle: OpaquePointer?
    try check(git_repository_odb(&handle, repository.pointer), "opening the object database")
    odb = handle!
  }

  deinit { git_odb_free(odb) }

  public func write(_ bytes: UnsafeRawBufferPointer, type: ObjectType) throws -> ObjectID {
    var oid = git_oid()
    try check(git_odb_write(&oid, odb, bytes.baseAddress, bytes.count, type.raw), "writing a \(type) object")
    objectsWritten += 1
    return ObjectID(oid)
  }

  public func finish() throws {}
}

/// Computes object ids without storing anything: to learn the tree a plan would produce.
public final class HashingObjectWriter: ObjectWriter {
  public private(set) var objectsWritten = 0

  public init() { _ = GitRuntime.ready }

  public func write(_ bytes: UnsafeRawBufferPointer, type: ObjectType) throws -> ObjectID {
    var oid = git_oid()
    try check(git_odb_hash(&oid, bytes.baseAddress, bytes.count, type.raw), "hashing a \(type) object")
    objectsWritten += 1
    return ObjectID(oid)
  }

  public func finish() throws {}
}

/// Picks where new objects go.
public enum ObjectWriters {
  /// Below this many objects, loose files are cheaper than a pack and keep packs from piling up.
  public static let packThreshold = 1000

  /// A pack writer for large batches (or large contents), loose objects otherwise.
  public static func make(for repository: Repository, objects: Int, bytes: Int = 0) throws -> ObjectWriter {
    objects >= packThreshold || bytes >= 8 << 20
      ? try PackObjectWriter(repository: repository) : try LooseObjectWriter(repository: repository)
  }
}
