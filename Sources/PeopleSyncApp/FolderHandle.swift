import Foundation

/// A folder held open by descriptor, reached one component at a time without following links.
///
/// Everything done in it (list, stat, open, create, rename, remove) is relative to the descriptor,
/// so whoever can write in or above the folder (a customer in its SFTP chroot) cannot redirect
/// root's work elsewhere by swapping a name for a link between a check and a use.
final class FolderHandle {
  /// The path it was reached by, for messages only: never opened again.
  let path: String
  /// The open folder, closed with the handle.
  let descriptor: Int32

  private init(path: String, descriptor: Int32) {
    self.path = path
    self.descriptor = descriptor
  }

  deinit { close(descriptor) }

  /// Opens `path`, its last component not followed when it is a link. The components above it
  /// are the operator's own (the drops root given on the command line).
  convenience init(opening path: String) throws {
    let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    guard descriptor >= 0 else { throw Self.failure(errno, path: path, link: { Self.readLink(path) }) }
    self.init(path: path, descriptor: descriptor)
  }

  /// Opens the folder `name` in this one, not following a link.
  func folder(_ name: String) throws -> FolderHandle {
    let descriptor = openat(self.descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    let path = self.path + "/" + name
    guard descriptor >= 0 else { throw Self.failure(errno, path: path, link: { self.readLink(name) }) }
    return FolderHandle(path: path, descriptor: descriptor)
  }

  /// The folder `name` in this one, nil when there is none.
  func folderIfPresent(_ name: String) throws -> FolderHandle? {
    do {
      return try folder(name)
    } catch DropPathError.missing {
      return nil
    }
  }

  /// The status of `name` in this folder, of a link itself rather than what it points to; nil when missing.
  func status(_ name: String) throws -> stat? {
    var info = stat()
    guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
      if errno == ENOENT { return nil }
      throw POSIXFailure(what: "reading the status of \(path)/\(name)", code: errno)
    }
    return info
  }

  /// The status of the folder itself.
  func status() throws -> stat {
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { throw POSIXFailure(what: "reading the status of \(path)", code: errno) }
    return info
  }

  /// The names in the folder, sorted, without `.` and `..`.
  func names() throws -> [String] {
    // A descriptor of its own: fdopendir takes it over, and a listing must not move the offset of `descriptor`.
    let listing = openat(descriptor, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard listing >= 0 else { throw POSIXFailure(what: "listing \(path)", code: errno) }
    guard let directory = fdopendir(listing) else {
      let code = errno
      close(listing)
      throw POSIXFailure(what: "listing \(path)", code: code)
    }
    defer { closedir(directory) }
    var names: [String] = []
    while true {
      errno = 0
      guard let entry = readdir(directory) else {
        guard errno == 0 else { throw POSIXFailure(what: "listing \(path)", code: errno) }
        break
      }
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
  }

  /// Opens the regular file `name` for reading, never through a link; non-blocking, so that a
  /// FIFO swapped in after the listing cannot hang the pickup.
  func openForReading(_ name: String) throws -> Int32 {
    let descriptor = openat(self.descriptor, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else { throw Self.failure(errno, path: path + "/" + name, link: { self.readLink(name) }) }
    return descriptor
  }

  /// Creates the file `name`, which must not exist in any form (a link planted under that name
  /// makes this fail rather than write through it).
  func createNew(_ name: String, mode: mode_t) throws -> Int32 {
    let descriptor = openat(self.descriptor, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
    guard descriptor >= 0 else { throw POSIXFailure(what: "creating \(path)/\(name)", code: errno) }
    return descriptor
  }

  /// Creates the folder `name`; false when something of that name is there already.
  func makeFolder(_ name: String, mode: mode_t) throws -> Bool {
    guard mkdirat(descriptor, name, mode) == 0 else {
      if errno == EEXIST { return false }
      throw POSIXFailure(what: "creating \(path)/\(name)", code: errno)
    }
    return true
  }

  /// Renames `name` here to `newName` in `folder`. A link at either name is moved or replaced
  /// itself, never followed.
  func rename(_ name: String, to folder: FolderHandle, as newName: String) throws {
    guard renameat(descriptor, name, folder.descriptor, newName) == 0 else {
      throw POSIXFailure(what: "moving \(path)/\(name) to \(folder.path)/\(newName)", code: errno)
    }
  }

  /// Removes the file (or link) `name`.
  func remove(_ name: String) throws {
    guard unlinkat(descriptor, name, 0) == 0 else { throw POSIXFailure(what: "removing \(path)/\(name)", code: errno) }
  }

  /// What the link `name` points to, for messages; nil when it is not a link.
  func readLink(_ name: String) -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = readlinkat(descriptor, name, &buffer, buffer.count - 1)
    guard count >= 0 else { return nil }
    return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  private static func readLink(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = readlink(path, &buffer, buffer.count - 1)
    guard count >= 0 else { return nil }
    return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// The error for a failed `open` of `path` with `O_NOFOLLOW`: a link is named as such (ELOOP
  /// alone, or ENOTDIR with O_DIRECTORY, would hide it).
  private static func failure(_ code: Int32, path: String, link: () -> String?) -> Error {
    if code == ENOENT { return DropPathError.missing(path: path) }
    if code == ELOOP || code == ENOTDIR || code == EMLINK, let target = link() { return DropPathError.link(path: path, target: target) }
    if code == ENOTDIR { return DropPathError.notFolder(path: path) }
    return POSIXFailure(what: "opening \(path)", code: code)
  }
}

/// A path in a drop folder that is not what the pickup may use.
enum DropPathError: Error, CustomStringConvertible {
  /// A symbolic link where a folder or file was expected; it was not followed.
  case link(path: String, target: String)
  case notFolder(path: String)
  case missing(path: String)

  var description: String {
    switch self {
    case .link(let path, let target): "\(path) is a symbolic link (to \(target)), and links in a drop folder are never followed"
    case .notFolder(let path): "\(path) is not a folder"
    case .missing(let path): "\(path) does not exist"
    }
  }
}

/// A failed system call, with what was being done.
struct POSIXFailure: Error, CustomStringConvertible {
  let what: String
  let code: Int32
  var description: String { "\(what): \(String(cString: strerror(code)))" }
}
