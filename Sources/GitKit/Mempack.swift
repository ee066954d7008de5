import CLibGit2
import Foundation

/// libgit2's in-memory object store (`git_mempack_new`) on a repository handle of its own: objects
/// are added in memory, then written as one pack by libgit2's packbuilder (which writes, indexes
/// and syncs it through `git_indexer`), and the store is emptied (`git_mempack_reset`).
///
/// Not `git_mempack_dump`: in libgit2 1.5 it packs what the store's commits reach (their whole
/// trees, however many objects other packs hold already) and nothing that no commit there reaches.
/// The handle is private: in 1.5 a backend cannot be taken off an object database again, so every
/// later write through that handle would stay in memory.
final class Mempack: @unchecked Sendable {
  private let repository: Repository
  private let backend: UnsafeMutablePointer<git_odb_backend>
  let packFolder: String
  private var added: [(id: ObjectID, name: String?)] = []

  /// A store adding packs to the repository at `gitDirectory`.
  init(gitDirectory: String) throws {
    repository = try Repository.open(at: gitDirectory)
    packFolder = repository.gitDirectory + "objects/pack"
    var made: UnsafeMutablePointer<git_odb_backend>?
    try check(git_mempack_new(&made), "creating an in-memory object store")
    backend = made!
    var odb: OpaquePointer?
    try check(git_repository_odb(&odb, repository.pointer), "opening the object database")
    defer { git_odb_free(odb) }
    // Highest priority: looked at, and written to, before the packs and loose objects. The object
    // database owns the backend from here on.
    try check(git_odb_add_backend(odb, backend, 1000), "adding the in-memory object store")
  }

  var count: Int { added.count }

  /// Adds an object whose id is known, without looking for it elsewhere first (`git_odb_write`
  /// would, and rescan the pack folder for each new object). `name` (a tree's path) lets the
  /// packbuilder put versions of one path side by side.
  func add(_ id: ObjectID, type: ObjectType, bytes: UnsafeRawBufferPointer, name: String? = nil) throws {
    var oid = id.raw
    try check(backend.pointee.write(backend, &oid, bytes.baseAddress, bytes.count, type.raw), "storing an object in memory")
    added.append((id, name))
  }

  /// Writes what was added as one pack (with its index) and empties the store; returns the pack's
  /// name (`pack-<checksum>`) and size, or nil when nothing was added.
  func writePack() throws -> (name: String, size: Int)? {
    guard !added.isEmpty else { return nil }
    defer {
      git_mempack_reset(backend)
      added = []
    }
    let builder = try PackBuilder(repository: repository)
    for object in added { try builder.insert(object.id, name: object.name) }
    let name = try builder.write(into: packFolder)
    let size = (try? FileManager.default.attributesOfItem(atPath: "\(packFolder)/\(name).pack")[.size] as? Int) ?? 0
    return (name, size)
  }
}

/// libgit2's packbuilder: copies objects the repository holds into one new pack, storing similar
/// objects as deltas against each other (a window of ten, chains up to 50), as `git repack` does.
final class PackBuilder {
  private let pointer: OpaquePointer
  private let repository: Repository

  init(repository: Repository) throws {
    var made: OpaquePointer?
    try check(git_packbuilder_new(&made, repository.pointer), "starting a pack")
    pointer = made!
    self.repository = repository
  }

  deinit { git_packbuilder_free(pointer) }

  /// Adds an object; `name` (a tree's path) puts versions of one path side by side for deltas.
  func insert(_ id: ObjectID, name: String?) throws {
    var oid = id.raw
    try check(git_packbuilder_insert(pointer, &oid, name), "adding \(id.short) to a pack")
  }

  /// Writes the pack and its index into `folder` (synced when durability is on); returns its name.
  func write(into folder: String) throws -> String {
    try check(git_packbuilder_write(pointer, folder, 0, nil, nil), "writing a pack")
    return "pack-" + String(cString: git_packbuilder_name(pointer))
  }
}
