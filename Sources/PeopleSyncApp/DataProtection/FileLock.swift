import Foundation

/// An exclusive advisory lock on a file, held until `release` or deinit.
final class FileLock {
  private var fd: Int32

  init(_ path: String) throws {
    fd = open(path, O_RDWR | O_CREAT, 0o600)
    guard fd >= 0 else { throw KeystoreError.unreadable(path, String(cString: strerror(errno))) }
    while flock(fd, LOCK_EX) != 0 {
      guard errno == EINTR else {
        close(fd)
        throw KeystoreError.unreadable(path, String(cString: strerror(errno)))
      }
    }
  }

  func release() {
    guard fd >= 0 else { return }
    flock(fd, LOCK_UN)
    close(fd)
    fd = -1
  }

  deinit { release() }
}
