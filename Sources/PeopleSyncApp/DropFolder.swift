import Foundation
import PeopleSyncCore

/// The files of one tenant's drop folder (its SFTP chroot). The customer controls what is in
/// `uploads/`, so nothing there is trusted: only regular files are read, never through a link.
struct DropFolder {
  let root: String
  var uploads: String { root + "/uploads/hr_reports" }
  var archive: String { root + "/archive" }
  var rejected: String { root + "/rejected" }

  init(root: String) {
    self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
  }

  var hasUploads: Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: uploads, isDirectory: &isDirectory) && isDirectory.boolValue
  }

  /// The regular files of `uploads/hr_reports/`, and the names of anything else there (links,
  /// folders), which are never read: a link made over SFTP could point outside the chroot.
  func listUploads(now: Date) throws -> (files: [DroppedFile], others: [String]) {
    var files: [DroppedFile] = []
    var others: [String] = []
    for name in try FileManager.default.contentsOfDirectory(atPath: uploads).sorted() {
      var info = stat()
      guard lstat(uploads + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
        others.append(name)
        continue
      }
      files.append(DroppedFile(name: name, size: Int(info.st_size), age: now.timeIntervalSince1970 - Self.modified(info)))
    }
    return (files, others)
  }

  /// The contents of `file`, or nil when it is no longer the file listed (it grew, or was touched since).
  func readSettled(_ file: DroppedFile) throws -> [UInt8]? {
    let path = uploads + "/" + file.name
    let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
    guard descriptor >= 0 else { throw POSIXFailure(what: "opening \(path)", code: errno) }
    defer { close(descriptor) }
    var before = stat()
    guard fstat(descriptor, &before) == 0, (before.st_mode & S_IFMT) == S_IFREG, Int(before.st_size) == file.size else { return nil }
    var bytes = [UInt8](repeating: 0, count: file.size)
    var done = 0
    while done < bytes.count {
      let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + done, $0.count - done) }
      if count < 0, errno == EINTR { continue }
      guard count >= 0 else { throw POSIXFailure(what: "reading \(path)", code: errno) }
      if count == 0 { return nil }
      done += count
    }
    var after = stat()
    guard fstat(descriptor, &after) == 0, after.st_size == before.st_size, Self.modified(after) == Self.modified(before) else {
      return nil
    }
    return bytes
  }

  /// Moves `name` from the uploads into `folder` (a free name: `.2`, `.3` before `.csv` when taken), writes
  /// `report` beside it, and returns where it went, relative to the drop folder.
  func move(_ name: String, to folder: String, report: String) throws -> String {
    try ensureFolder(folder)
    let destination = freeName(name, in: folder)
    guard rename(uploads + "/" + name, folder + "/" + destination) == 0 else {
      throw POSIXFailure(what: "moving \(uploads)/\(name) to \(folder)", code: errno)
    }
    try writeReport(report, to: folder + "/" + DropReport.name(for: destination), like: folder)
    return String(folder.dropFirst(root.count + 1)) + "/" + destination
  }

  /// Deletes reports (and their reports) that have been in `archive/` or `rejected/` for more than
  /// `days` days, by the time they were moved there (their inode's change time), and returns their
  /// paths: they hold personal data, which the drop folder should not keep longer than the directory does.
  func prune(olderThanDays days: Int, now: Date) throws -> [String] {
    var removed: [String] = []
    for folder in [archive, rejected] {
      guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
      for name in names.sorted() {
        let path = folder + "/" + name
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
        let moved = Double(info.st_ctim.tv_sec) + Double(info.st_ctim.tv_nsec) / 1e9
        guard now.timeIntervalSince1970 - moved >= Double(days) * 86_400 else { continue }
        guard unlink(path) == 0 else { throw POSIXFailure(what: "removing \(path)", code: errno) }
        removed.append(String(path.dropFirst(root.count + 1)))
      }
    }
    return removed
  }

  /// The newest date among archived reports: a report ingested with unchanged content leaves no commit.
  func newestArchivedDay() throws -> Day? {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: archive) else { return nil }
    return names.compactMap(DropSelection.day(ofArchived:)).max()
  }

  private func freeName(_ name: String, in folder: String) -> String {
    var candidate = name
    var copy = 1
    while FileManager.default.fileExists(atPath: folder + "/" + candidate)
      || FileManager.default.fileExists(atPath: folder + "/" + DropReport.name(for: candidate))
    {
      copy += 1
      candidate = name.hasSuffix(".csv") ? "\(name.dropLast(4)).\(copy).csv" : "\(name).\(copy)"
    }
    return candidate
  }

  /// A missing `archive/` or `rejected/` is created owned like `uploads/`, so the customer can read it.
  private func ensureFolder(_ folder: String) throws {
    var info = stat()
    if lstat(folder, &info) == 0 {
      guard (info.st_mode & S_IFMT) == S_IFDIR else { throw POSIXFailure(what: "\(folder) is not a folder", code: ENOTDIR) }
      return
    }
    guard mkdir(folder, 0o750) == 0 || errno == EEXIST else { throw POSIXFailure(what: "creating \(folder)", code: errno) }
    var owner = stat()
    if geteuid() == 0, stat(root + "/uploads", &owner) == 0 { _ = chown(folder, owner.st_uid, owner.st_gid) }
  }

  /// Written whole (temporary file, then rename), readable by the folder's owner and group only.
  private func writeReport(_ text: String, to path: String, like folder: String) throws {
    let temporary = path + ".tmp-\(getpid())"
    guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o640]) else {
      throw POSIXFailure(what: "writing \(path)", code: errno)
    }
    var owner = stat()
    if geteuid() == 0, stat(folder, &owner) == 0 { _ = chown(temporary, owner.st_uid, owner.st_gid) }
    guard rename(temporary, path) == 0 else {
      let code = errno
      unlink(temporary)
      throw POSIXFailure(what: "writing \(path)", code: code)
    }
  }

  private static func modified(_ info: stat) -> Double {
    Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
  }
}

/// A failed system call, with what was being done.
struct POSIXFailure: Error, CustomStringConvertible {
  let what: String
  let code: Int32
  var description: String { "\(what): \(String(cString: strerror(code)))" }
}
