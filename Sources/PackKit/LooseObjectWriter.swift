import Foundation

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
public final class LooseObjectWriter: ObjectWriter {
  private let objects: String
  private let deflater: Deflater
  private let prefix: String
  private var serial = 0
  /// Folders objects were renamed into, and whether any was created: synced by `finish`.
  private var touched: Set<String> = []
  private var createdFolder = false
  public private(set) var objectsWritten = 0

  /// A writer into the object database of the repository at `gitDirectory` (ending in "/").
  public init(gitDirectory: String) throws {
    objects = gitDirectory + "objects"
    deflater = try Deflater()
    prefix = "tmp_obj_peoplesync_\(getpid())_\(UUID().uuidString.prefix(8))_"
  }

  public func write(_ bytes: UnsafeRawBufferPointer, type: ObjectType) throws -> ObjectID {
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
  public func finish() throws {
    for folder in touched.sorted() { try Durability.syncDirectory(folder) }
    if createdFolder { try Durability.syncDirectory(objects) }
    touched = []
    createdFolder = false
  }
}
