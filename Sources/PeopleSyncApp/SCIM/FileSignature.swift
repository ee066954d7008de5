import Foundation

/// Identifies one version of a file: keystore files and git references are replaced by rename,
/// never written in place, so a new version has a new inode (and a folder a new modification
/// time when a file is renamed into it).
struct FileSignature: Equatable {
  let device: UInt64
  let inode: UInt64
  let size: Int64
  let modified: Int

  /// The file at `path`; nil when there is none.
  init?(_ path: String) {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    self.init(status)
  }

  /// `name` in the folder open as `folder`: the path is not walked again from the root, which
  /// makes this the cheaper call for a file looked at on every request.
  init?(folder: Int32, name: String) {
    var status = stat()
    guard fstatat(folder, name, &status, 0) == 0 else { return nil }
    self.init(status)
  }

  /// The file open as `descriptor`.
  init?(descriptor: Int32) {
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { return nil }
    self.init(status)
  }

  private init(_ status: stat) {
    device = UInt64(status.st_dev)
    inode = UInt64(status.st_ino)
    size = Int64(status.st_size)
    modified = status.st_mtim.tv_sec * 1_000_000_000 + status.st_mtim.tv_nsec
  }
}
