import CLibGit2
import Foundation

/// The kinds of object PeopleSync writes.
package enum ObjectType: Sendable {
  case blob
  case tree
  case commit

  var raw: git_object_t {
    switch self {
    case .blob: GIT_OBJECT_BLOB
    case .tree: GIT_OBJECT_TREE
    case .commit: GIT_OBJECT_COMMIT
    }
  }

  /// The name in an object's header ("blob 12\0…").
  var name: String {
    switch self {
    case .blob: "blob"
    case .tree: "tree"
    case .commit: "commit"
    }
  }

  /// The type number in a pack entry's header.
  var packCode: UInt8 {
    switch self {
    case .commit: 1
    case .tree: 2
    case .blob: 3
    }
  }
}

/// Where new objects go: loose files for small changes, one packfile for large ones.
package protocol ObjectWriter: AnyObject {
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
  package func knownTree(_ id: ObjectID) -> [UInt8]? { nil }

  package func write(_ bytes: [UInt8], type: ObjectType, path: String) throws -> ObjectID { try write(bytes, type: type) }

  /// Stores an object held in an array.
  package func write(_ bytes: [UInt8], type: ObjectType) throws -> ObjectID {
    try bytes.withUnsafeBytes { try write($0, type: type) }
  }

  /// Stores an object that will not compress (encrypted data): a pack stores it as it is
  /// rather than spend time trying; other writers compress as usual.
  package func writeIncompressible(_ bytes: [UInt8], type: ObjectType) throws -> ObjectID {
    if let pack = self as? PackObjectWriter { return try bytes.withUnsafeBytes { try pack.write($0, type: type, store: true) } }
    return try write(bytes, type: type)
  }
}

/// Writes each object as a loose file, as git does: deflated into a temporary file in its
/// `objects/xx/` folder, synced, then renamed into place (an existing object is not written
/// again); `finish` syncs the folders.
///
/// Written here rather than through `git_odb_write`: libgit2 links the temporary file to its
/// name and unlinks it, and on ext4 every inode freed that way makes the next file creations
/// skip it for half a minute; a SCIM server committing hundreds of times a second spent most of
/// its time there. A rename frees nothing. The zlib stream stores the bytes uncompressed: loose
/// objects are few and short-lived (packs compress them), and deflating them was the largest
/// cost of a SCIM server's writer thread after the file system.
package final class LooseObjectWriter: ObjectWriter {
  private let objects: String
  private let deflater: Deflater
  private let prefix: String
  private var serial = 0
  /// Folders objects were renamed into, and whether any was created: synced by `finish`.
  private var touched: Set<String> = []
  private var createdFolder = false
  package private(set) var objectsWritten = 0

  /// A writer into `repository`'s object database.
  package init(repository: Repository) throws {
    objects = repository.gitDirectory + "objects"
    deflater = try Deflater()
    prefix = "tmp_obj_peoplesync_\(getpid())_\(UUID().uuidString.prefix(8))_"
  }

  package func write(_ bytes: UnsafeRawBufferPointer, type: ObjectType) throws -> ObjectID {
    let id = ObjectID.hash(bytes, type: type)
    let hex = id.hex
    let folder = objects + "/" + hex.prefix(2)
    let path = folder + "/" + hex.dropFirst(2)
    if access(path, F_OK) == 0 { return id }
    var plain = Array("\(type.name) \(bytes.count)\0".utf8)
    plain.append(contentsOf: bytes)
    let compressed = try deflater.deflate(plain, store: true)
    if mkdir(folder, 0o755) == 0 {
      createdFolder = true
    } else if errno != EEXIST {
      throw GitError(code: -1, message: "cannot create \(folder): errno \(errno)")
    }
    serial += 1
    let temporary = folder + "/" + prefix + String(serial)
    try writeReadOnly(compressed, at: path, through: temporary)
    touched.insert(folder)
    objectsWritten += 1
    return id
  }

  /// Syncs the folders the objects were renamed into (each file was synced before its rename),
  /// and `objects/` when a folder was created in it.
  package func finish() throws {
    for folder in touched.sorted() { try Durability.syncDirectory(folder) }
    if createdFolder { try Durability.syncDirectory(objects) }
    touched = []
    createdFolder = false
  }
}

/// Computes object ids without storing anything: to learn the tree a plan would produce.
package final class HashingObjectWriter: ObjectWriter {
  package private(set) var objectsWritten = 0

  package init() { _ = GitRuntime.ready }

  package func write(_ bytes: UnsafeRawBufferPointer, type: ObjectType) throws -> ObjectID {
    var oid = git_oid()
    try check(git_odb_hash(&oid, bytes.baseAddress, bytes.count, type.raw), "hashing a \(type) object")
    objectsWritten += 1
    return ObjectID(oid)
  }

  package func finish() throws {}
}

/// Picks where new objects go.
package enum ObjectWriters {
  /// Below this many objects, loose files are cheaper than a pack and keep packs from piling up.
  package static let packThreshold = 1000
  /// Up to this many objects, a handle with a stack of small packs writes them there.
  package static let stackThreshold = 50_000

  /// A pack writer for large batches (or large contents); loose objects otherwise, or a small
  /// pack when the repository handle has a stack for them.
  package static func make(for repository: Repository, objects: Int, bytes: Int = 0) throws -> ObjectWriter {
    // A server's stack takes the syncs that follow its writes (thousands of people a second) too:
    // deflating them took a twentieth of its committer's time, and its merges are compressed by `git gc`.
    if let stack = repository.smallWrites, objects < stackThreshold, bytes < 8 << 20 { return BatchPackWriter(stack: stack) }
    if PackStack.engine == .libgit2 {
      if objects >= packThreshold || bytes >= 8 << 20 { return try MempackObjectWriter(repository: repository) }
      return try DatabaseObjectWriter(repository: repository)
    }
    if objects >= packThreshold || bytes >= 8 << 20 { return try PackObjectWriter(repository: repository) }
    return try LooseObjectWriter(repository: repository)
  }
}

/// Writes objects through libgit2's object database (`git_odb_write`): loose files, synced by libgit2.
package final class DatabaseObjectWriter: ObjectWriter {
  private let odb: OpaquePointer
  private let objects: String
  package private(set) var objectsWritten = 0

  package init(repository: Repository) throws {
    var handle: OpaquePointer?
    try check(git_repository_odb(&handle, repository.pointer), "opening the object database")
    odb = handle!
    objects = repository.gitDirectory + "objects"
  }

  deinit { git_odb_free(odb) }

  package func write(_ bytes: UnsafeRawBufferPointer, type: ObjectType) throws -> ObjectID {
    var oid = git_oid()
    try check(git_odb_write(&oid, odb, bytes.baseAddress, bytes.count, type.raw), "writing a \(type) object")
    objectsWritten += 1
    return ObjectID(oid)
  }

  /// libgit2 syncs each object and its folder, but not `objects/` when it created that folder.
  package func finish() throws { try Durability.syncDirectory(objects) }
}

/// Writes objects into one new pack through libgit2: a mempack, dumped by libgit2's packbuilder
/// and indexed (and synced) by its indexer.
package final class MempackObjectWriter: ObjectWriter {
  private let mempack: Mempack
  private let repository: Repository
  private var seen: Set<ObjectID> = []

  package var objectsWritten: Int { seen.count }

  package init(repository: Repository) throws {
    mempack = try Mempack(gitDirectory: repository.gitDirectory)
    self.repository = repository
  }

  package func write(_ bytes: UnsafeRawBufferPointer, type: ObjectType) throws -> ObjectID {
    let id = ObjectID.hash(bytes, type: type)
    guard seen.insert(id).inserted else { return id }
    try mempack.add(id, type: type, bytes: bytes)
    return id
  }

  package func finish() throws {
    _ = try mempack.writePack()
    try repository.refreshObjects()
  }
}
