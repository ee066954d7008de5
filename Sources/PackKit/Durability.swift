import Foundation

/// Whether what GitKit writes reaches the disk before a write is reported done, and the calls that
/// make it so.
///
/// On, libgit2 fsyncs what it writes itself (loose objects, reference updates:
/// `GIT_OPT_ENABLE_FSYNC_GITDIR`), and GitKit's own writers fsync each file before renaming it
/// into place and the folder holding it after. Off only for measuring what durability costs:
/// `PEOPLESYNC_FSYNC=off` in the environment.
public enum Durability {
  /// True unless `PEOPLESYNC_FSYNC` is `off` (or `0`): read once, before libgit2 is initialised.
  public static let enabled: Bool = {
    guard let value = ProcessInfo.processInfo.environment["PEOPLESYNC_FSYNC"]?.lowercased() else { return true }
    return !(value == "off" || value == "0" || value == "false")
  }()

  /// Forces an open file's contents to disk, when durability is on.
  public static func syncFile(_ descriptor: Int32, path: String) throws {
    guard enabled else { return }
    while fsync(descriptor) != 0 {
      guard errno == EINTR else { throw GitError(code: -1, message: "cannot sync \(path) to disk: \(String(cString: strerror(errno)))") }
    }
  }

  /// Forces a folder's entries (files renamed or created in it) to disk, when durability is on.
  public static func syncDirectory(_ path: String) throws {
    guard enabled else { return }
    let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { throw GitError(code: -1, message: "cannot open \(path): \(String(cString: strerror(errno)))") }
    defer { close(descriptor) }
    try syncFile(descriptor, path: path)
  }
}
