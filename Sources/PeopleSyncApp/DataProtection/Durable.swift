import Foundation

/// Writes files so that a crash leaves either the old or the new content, never a mix.
enum Durable {
  /// The whole file, read straight into one buffer; nil when there is no file.
  static func read(_ url: URL) throws -> [UInt8]? {
    let fd = open(url.path, O_RDONLY)
    guard fd >= 0 else {
      if errno == ENOENT { return nil }
      throw KeystoreError.unreadable(url.path, String(cString: strerror(errno)))
    }
    defer { close(fd) }
    var status = stat()
    guard fstat(fd, &status) == 0 else { throw KeystoreError.unreadable(url.path, String(cString: strerror(errno))) }
    let size = Int(status.st_size)
    var failure: Int32 = 0
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
      var offset = 0
      while offset < size {
        let got = Glibc.read(fd, buffer.baseAddress! + offset, size - offset)
        if got < 0 && errno == EINTR { continue }
        if got <= 0 {
          failure = got < 0 ? errno : EIO
          break
        }
        offset += got
      }
      count = offset
    }
    if failure != 0 { throw KeystoreError.unreadable(url.path, String(cString: strerror(failure))) }
    return bytes
  }

  /// Writes a file through `body`, which hands pieces to the writer it is given, under a temporary
  /// name, and renames it into place when `body` returns true (not synced: for caches, which may
  /// be lost). A large file is never held whole.
  static func stream(_ url: URL, _ body: ((UnsafeRawBufferPointer) throws -> Void) throws -> Bool) throws {
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
    let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { throw KeystoreError.unreadable(temporary.path, String(cString: strerror(errno))) }
    var keep = false
    defer {
      close(fd)
      if keep { rename(temporary.path, url.path) } else { unlink(temporary.path) }
    }
    keep = try body { piece in
      var offset = 0
      while offset < piece.count {
        let written = write(fd, piece.baseAddress! + offset, piece.count - offset)
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else { throw KeystoreError.unreadable(temporary.path, String(cString: strerror(errno))) }
        offset += written
      }
    }
  }

  /// With `exclusive`, fails (errno EEXIST) rather than replace a file that exists.
  static func replace(_ url: URL, with bytes: [UInt8], exclusive: Bool = false, sync: Bool = true) throws {
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
    let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { throw KeystoreError.unreadable(temporary.path, String(cString: strerror(errno))) }
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
      guard written > 0 else {
        close(fd)
        unlink(temporary.path)
        throw KeystoreError.unreadable(temporary.path, String(cString: strerror(errno)))
      }
      offset += written
    }
    // Keys must be on disk before a commit that needs them exists.
    guard !sync || fsync(fd) == 0, close(fd) == 0, (exclusive ? link(temporary.path, url.path) : rename(temporary.path, url.path)) == 0
    else {
      unlink(temporary.path)
      throw KeystoreError.unreadable(url.path, String(cString: strerror(errno)))
    }
    if exclusive { unlink(temporary.path) }
    guard sync else { return }
    let directory = open(url.deletingLastPathComponent().path, O_RDONLY)
    if directory >= 0 {
      fsync(directory)
      close(directory)
    }
  }
}
