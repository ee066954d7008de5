import Foundation

/// A repository's pack folder: files written under a temporary name, synced to disk and renamed into
/// place (no inode is freed, which costs on ext4 without a journal), read back whole, removed.
final class PackFolder: @unchecked Sendable {
  let path: String
  private let lock = NSLock()
  private var serial = 0

  init(_ path: String) throws {
    self.path = path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  /// Whether the pack `name` (`pack-<checksum>`) is still there.
  func holds(_ name: String) -> Bool { access("\(path)/\(name).pack", F_OK) == 0 }

  /// Removes the pack `name`: its index first, as a pack without one is not looked at.
  func remove(_ name: String) {
    unlink("\(path)/\(name).idx")
    unlink("\(path)/\(name).pack")
  }

  /// Forces the folder's entries to disk: files placed since are there after a power loss.
  func sync() throws { try Durability.syncDirectory(path) }

  /// Writes a read-only file under a temporary name, syncs it and renames it into place (no inode
  /// is freed). The new name is durable once the folder is synced (`sync`).
  func place(_ bytes: [UInt8], as file: String) throws {
    let temporary = temporaryName()
    try writeSynced(bytes, through: temporary)
    try move(temporary, to: "\(path)/\(file)")
  }

  /// Places the pack `name` (`pack-<checksum>`) and its index: both written and synced under
  /// temporary names first, then renamed one right after the other, the pack first.
  ///
  /// `git gc` lists the packs to delete by their `.pack` files but packs, or loosens, only the
  /// objects of packs whose index it saw: a pack without its index for as long as an fsync takes
  /// lost its objects to a gc running meanwhile (as did a temporary name ending in `.pack`; and gc
  /// deletes an `.idx` it finds no pack for). Temporary names end in neither, and the window is
  /// as short as git's own (`finish_tmp_packfile`).
  func place(pack: [UInt8], index: [UInt8], name: String) throws {
    let temporaryPack = temporaryName()
    let temporaryIndex = temporaryName()
    try writeSynced(pack, through: temporaryPack)
    do { try writeSynced(index, through: temporaryIndex) } catch {
      unlink(temporaryPack)
      throw error
    }
    do { try move(temporaryPack, to: "\(path)/\(name).pack") } catch {
      unlink(temporaryIndex)
      throw error
    }
    try move(temporaryIndex, to: "\(path)/\(name).idx")
  }

  /// A file name in the folder no one else uses, ending neither in `.pack` nor `.idx`.
  func temporaryName() -> String {
    let number = lock.withLock {
      serial += 1
      return serial
    }
    return "\(path)/tmp_peoplesync_\(getpid())_\(number)"
  }

  func read(_ file: String, size: Int) throws -> [UInt8] {
    let source = "\(path)/\(file)"
    let descriptor = open(source, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw GitError(code: -1, message: "cannot read \(source): \(String(cString: strerror(errno)))") }
    defer { close(descriptor) }
    // Not zero-filled first: a merge reads megabytes, and every byte is read over.
    var failed: String?
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
      var done = 0
      while done < size {
        let count = pread(descriptor, buffer.baseAddress! + done, size - done, off_t(done))
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else {
          failed = count == 0 ? "it is shorter than written" : String(cString: strerror(errno))
          break
        }
        done += count
      }
      initialized = failed == nil ? size : 0
    }
    if let failed { throw GitError(code: -1, message: "cannot read \(source): \(failed)") }
    return bytes
  }
}

/// Writes `bytes` to a new read-only file `temporary`, syncs it to disk, then renames it to `target`:
/// readers never see a partial file, a power loss never leaves `target` naming unwritten data, and
/// no inode is freed (a rename onto a new name). Nothing is left on failure. The rename itself is
/// durable once the caller syncs the folder.
func writeReadOnly(_ bytes: [UInt8], at target: String, through temporary: String) throws {
  try writeSynced(bytes, through: temporary)
  try move(temporary, to: target)
}

/// Writes `bytes` to a new read-only file `temporary` and syncs it to disk; nothing is left on failure.
func writeSynced(_ bytes: [UInt8], through temporary: String) throws {
  func failure(_ doing: String) -> GitError { GitError(code: -1, message: "cannot \(doing): \(String(cString: strerror(errno)))") }
  var descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
  if descriptor < 0 && errno == EEXIST {
    unlink(temporary)  // left by a killed process of the same id
    descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
  }
  guard descriptor >= 0 else { throw failure("create \(temporary)") }
  var done = 0
  while done < bytes.count {
    let count = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + done, $0.count - done) }
    if count < 0 && errno == EINTR { continue }
    guard count > 0 else {
      let error = failure("write \(temporary)")
      close(descriptor)
      unlink(temporary)
      throw error
    }
    done += count
  }
  do { try Durability.syncFile(descriptor, path: temporary) } catch {
    close(descriptor)
    unlink(temporary)
    throw error
  }
  close(descriptor)
}

/// Renames `temporary` to `target`, removing `temporary` when that fails.
func move(_ temporary: String, to target: String) throws {
  guard rename(temporary, target) == 0 else {
    let error = GitError(code: -1, message: "cannot move \(temporary) to \(target): \(String(cString: strerror(errno)))")
    unlink(temporary)
    throw error
  }
}
