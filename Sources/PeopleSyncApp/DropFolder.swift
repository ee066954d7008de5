import Foundation
import PeopleSyncCore

/// The files of one tenant's drop folder (its SFTP chroot), held open by descriptor.
///
/// The customer writes in `uploads/hr_reports/` and `rejected/` (and in `uploads/` itself on a
/// layout made before add-tenant made it root's), so nothing reached through them is trusted:
/// each folder is opened one component at a time without following links, so a link where a
/// folder should be stops the pickup (`DropPathError.link`), and every file is listed, read,
/// moved, created and removed relative to the folders' descriptors, never by path.
final class DropFolder {
  /// The folders a pickup moves files into, beside `uploads/`.
  enum Destination: String {
    /// Ingested reports; root's, readable by the customer's group.
    case archive
    /// Reports not ingested, each with a report; the customer's, who reads and deletes them.
    case rejected
  }

  /// The drop folder's path, for messages.
  let root: String
  private let top: FolderHandle
  private let uploads: FolderHandle
  /// The owner of `uploads/`: root since add-tenant stopped giving it to the customer.
  let uploadsParentOwner: uid_t
  /// `archive/` and `rejected/`, nil until created.
  private var destinations: [Destination: FolderHandle] = [:]

  /// Opens `root`, `uploads/hr_reports` and, when present, `archive/` and `rejected/`, following
  /// no link on the way: a drop folder with a link in place of one of them is not touched at all.
  /// - Throws: `DropPathError` when one of them is a link or not a folder, or the uploads are missing.
  init(root: String) throws {
    self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
    top = try FolderHandle(opening: self.root)
    let parent = try top.folder("uploads")
    uploadsParentOwner = try parent.status().st_uid
    uploads = try parent.folder("hr_reports")
    for destination in [Destination.archive, .rejected] {
      destinations[destination] = try top.folderIfPresent(destination.rawValue)
    }
  }

  /// The path of `uploads/hr_reports`, for messages.
  var uploadsPath: String { uploads.path }

  /// The regular files of `uploads/hr_reports/`, and the names of anything else there (links,
  /// folders), which are never read: a link made over SFTP could point outside the chroot.
  func listUploads(now: Date) throws -> (files: [DroppedFile], others: [String]) {
    var files: [DroppedFile] = []
    var others: [String] = []
    for name in try uploads.names() {
      guard let info = try uploads.status(name), (info.st_mode & S_IFMT) == S_IFREG else {
        others.append(name)
        continue
      }
      files.append(DroppedFile(name: name, size: Int(info.st_size), age: now.timeIntervalSince1970 - Self.modified(info)))
    }
    return (files, others)
  }

  /// The contents of `file`, or nil when it is no longer the file listed (it grew, or was touched since).
  func readSettled(_ file: DroppedFile) throws -> [UInt8]? {
    let path = uploads.path + "/" + file.name
    let descriptor = try uploads.openForReading(file.name)
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

  /// Moves `name` from the uploads into `destination` (a free name: `.2`, `.3` before `.csv` when taken),
  /// writes `report` beside it, and returns where it went, relative to the drop folder.
  func move(_ name: String, to destination: Destination, report: String) throws -> String {
    let folder = try ensureFolder(destination)
    let target = try freeName(name, in: folder)
    try uploads.rename(name, to: folder, as: target)
    try ReportWriter.write(report, named: DropReport.name(for: target), in: folder)
    return destination.rawValue + "/" + target
  }

  /// Deletes the files that have been in `archive/` or `rejected/` for `days` days (less an hour,
  /// so that a daily job starting a little earlier than the day before still removes them), by
  /// the time they were moved there (their inode's change time), and returns their paths: they
  /// hold personal data, which the drop folder should not keep longer than it must.
  func prune(olderThanDays days: Int, now: Date) throws -> [String] {
    var removed: [String] = []
    for destination in [Destination.archive, .rejected] {
      guard let folder = destinations[destination] else { continue }
      for name in try folder.names() {
        guard let info = try folder.status(name), (info.st_mode & S_IFMT) == S_IFREG else { continue }
        let moved = Double(info.st_ctim.tv_sec) + Double(info.st_ctim.tv_nsec) / 1e9
        guard now.timeIntervalSince1970 - moved >= Double(days) * 86_400 - Self.pruneSlack else { continue }
        try folder.remove(name)
        removed.append(destination.rawValue + "/" + name)
      }
    }
    return removed
  }

  /// How much earlier than `days` days a file may be pruned: cron's start time drifts by seconds.
  static let pruneSlack = 3_600.0

  /// The newest date among archived reports: a report ingested with unchanged content leaves no commit.
  func newestArchivedDay() throws -> Day? {
    try destinations[.archive]?.names().compactMap(DropSelection.day(ofArchived:)).max()
  }

  /// A name free in `folder` for `name` and its report; anything there, a link included, takes a name.
  private func freeName(_ name: String, in folder: FolderHandle) throws -> String {
    var candidate = name
    var copy = 1
    while try folder.status(candidate) != nil || folder.status(DropReport.name(for: candidate)) != nil {
      copy += 1
      candidate = name.hasSuffix(".csv") ? "\(name.dropLast(4)).\(copy).csv" : "\(name).\(copy)"
    }
    return candidate
  }

  /// Opens `destination`, creating it when missing, owned as add-tenant makes it so that the
  /// customer can read it over SFTP: `rejected/` the customer's, `archive/` root's with the
  /// customer's group (the customer is the owner of `uploads/hr_reports`).
  private func ensureFolder(_ destination: Destination) throws -> FolderHandle {
    if let folder = destinations[destination] { return folder }
    // The drop folder's top is root's (sshd refuses a chroot otherwise): nobody else can race this.
    let created = try top.makeFolder(destination.rawValue, mode: 0o750)
    let folder = try top.folder(destination.rawValue)
    destinations[destination] = folder
    guard created else { return folder }
    if Privileges.mayChangeOwners {
      let customer = try uploads.status()
      let owner = destination == .rejected ? customer.st_uid : 0
      guard fchown(folder.descriptor, owner, customer.st_gid) == 0 else {
        throw POSIXFailure(what: "setting the owner of \(folder.path)", code: errno)
      }
    }
    guard fchmod(folder.descriptor, 0o750) == 0 else { throw POSIXFailure(what: "setting the mode of \(folder.path)", code: errno) }
    return folder
  }

  private static func modified(_ info: stat) -> Double {
    Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
  }
}
