import CLibGit2
import Dispatch
import Foundation
import PackKit

/// What `updateWorkingFiles` did.
public struct WorkingFilesOutcome: Sendable, Equatable {
  /// Files written or removed.
  public var written = 0
  /// Files already as the new tree has them.
  public var current = 0
  /// Files a user changed: left as they are (their index entry follows the commit).
  public var kept: [String] = []
}

extension Repository {
  /// Brings the working tree and the index from one commit to the next for exactly `changes`
  /// (the blobs that differ between the two trees), whatever their number, without looking at any
  /// other file: each file still as the old tree has it (or missing, for an added one) gets the
  /// new content (a new file directly, an existing one through a temporary file and a rename) or is
  /// removed; a file a user edited is never touched. Every path's index entry then names the new
  /// blob, with the stat data of the file written, so `git status` shows only what a user changed.
  /// Files are written on every core; the index is written once. An index read ahead
  /// (`preloadIndex`) is used, and read again only if its file changed since.
  public func updateWorkingFiles(_ changes: [ChangedBlob]) throws -> WorkingFilesOutcome {
    guard let workdir = workingDirectory, !changes.isEmpty else { return WorkingFilesOutcome() }
    var index: OpaquePointer?
    if let preload = indexPreload {
      indexPreload = nil
      index = try preload.take()
    } else {
      try check(git_repository_index(&index, pointer), "opening the index")
    }
    defer { git_index_free(index) }
    try check(git_index_read(index, 0), "reading the index")
    // What the index knows of each path: enough to tell an untouched file without hashing it.
    let known: [IndexedFile?] = changes.map { change in
      change.path.withCString { git_index_get_bypath(index, $0, 0) }.map { IndexedFile($0.pointee) }
    }
    let results = try writeFiles(changes, known: known, workdir: workdir)
    var outcome = WorkingFilesOutcome()
    for (change, result) in zip(changes, results) {
      switch result.action {
      case .written: outcome.written += 1
      case .current: outcome.current += 1
      case .kept: outcome.kept.append(change.path)
      }
      try change.path.withCString { path in
        guard let new = change.new else {
          let rc = git_index_remove_bypath(index, path)
          if rc != 0 && rc != GIT_ENOTFOUND.rawValue { try check(rc, "removing \(change.path) from the index") }
          return
        }
        var entry = result.entry
        entry.id = new.raw
        entry.path = path
        try check(git_index_add(index, &entry), "updating the index entry of \(change.path)")
      }
    }
    try check(git_index_write(index), "writing the index")
    return outcome
  }

  /// An index entry's stat data and blob, copied out of the index.
  private struct IndexedFile {
    let size: UInt32
    let inode: UInt32
    let seconds: Int32
    let nanoseconds: UInt32
    let id: ObjectID

    init(_ entry: git_index_entry) {
      (size, inode, seconds, nanoseconds, id) = (
        entry.file_size, entry.ino, entry.mtime.seconds, entry.mtime.nanoseconds, ObjectID(entry.id)
      )
    }
  }

  /// What was done to one file, and its index entry's stat data.
  private struct FileResult {
    enum Action { case written, current, kept }
    var action = Action.current
    var entry = git_index_entry()
  }

  /// Decides and writes each file, on every core (files are independent); throws the first failure.
  private func writeFiles(_ changes: [ChangedBlob], known: [IndexedFile?], workdir: String) throws -> [FileResult] {
    let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, changes.count / 256))
    nonisolated(unsafe) var results = [FileResult](repeating: FileResult(), count: changes.count)
    nonisolated(unsafe) var failures: [Error?] = Array(repeating: nil, count: parts)
    let gitDirectory = self.gitDirectory
    let repository = self
    DispatchQueue.concurrentPerform(iterations: parts) { part in
      do {
        // libgit2 handles are not shared across threads: each part reads blobs through its own.
        let reader = part == 0 ? repository : try Repository.open(at: gitDirectory)
        // Each part a run of consecutive paths: the parts then make files in different folders,
        // not in turn in the same one (whose lock the kernel takes for each new name).
        for index in (changes.count * part / parts)..<(changes.count * (part + 1) / parts) {
          results[index] = try reader.writeFile(changes[index], known: known[index], workdir: workdir)
        }
      } catch {
        failures[part] = error
      }
    }
    if let failure = failures.compactMap({ $0 }).first { throw failure }
    return results
  }

  private func writeFile(_ change: ChangedBlob, known: IndexedFile?, workdir: String) throws -> FileResult {
    let file = workdir + change.path
    var result = FileResult()
    var info = stat()
    // A path new to the tree and the index (all of them in an initial import) is almost always
    // free: created exclusively at once, looked at only if something is there after all.
    if change.old == nil, known == nil, let new = change.new, let created = try create(new, at: file) {
      result.action = .written
      result.entry = Self.entry(created)
      return result
    }
    let present = lstat(file, &info) == 0
    let regular = present && (info.st_mode & S_IFMT) == S_IFREG
    var current: ObjectID?
    if regular {
      if let known, known.seconds != 0, known.size == UInt32(truncatingIfNeeded: info.st_size),
        known.inode == UInt32(truncatingIfNeeded: info.st_ino), known.seconds == Int32(truncatingIfNeeded: info.st_mtim.tv_sec),
        known.nanoseconds == UInt32(info.st_mtim.tv_nsec)
      {
        current = known.id
      } else if let data = FileManager.default.contents(atPath: file) {
        current = ObjectID.hashBlob([UInt8](data))
      }
    }
    if !present && change.old == nil || regular && current != nil && current == change.old {
      if let new = change.new {
        try write(new, to: file, replacing: present)
        guard lstat(file, &info) == 0 else { throw GitError.io("reading back \(file)", errno) }
        result.entry = Self.entry(info)
      } else {
        guard unlink(file) == 0 || errno == ENOENT else { throw GitError.io("removing \(file)", errno) }
        removeEmptyFolders(above: change.path, in: workdir)
      }
      result.action = .written
    } else if regular && current != nil && current == change.new || !present && change.new == nil {
      result.entry = regular ? Self.entry(info) : git_index_entry()
    } else {
      // Edited by someone: the file stays theirs. Its index entry follows the commit with no
      // stat data, so git compares the file's content and shows the edit, nothing else.
      result.action = .kept
      result.entry = Self.entry(stat())
    }
    return result
  }

  /// An index entry with a regular file's stat data (blob and path set by the caller).
  private static func entry(_ info: stat) -> git_index_entry {
    var entry = git_index_entry()
    entry.ctime = git_index_time(seconds: Int32(truncatingIfNeeded: info.st_ctim.tv_sec), nanoseconds: UInt32(info.st_ctim.tv_nsec))
    entry.mtime = git_index_time(seconds: Int32(truncatingIfNeeded: info.st_mtim.tv_sec), nanoseconds: UInt32(info.st_mtim.tv_nsec))
    entry.dev = UInt32(truncatingIfNeeded: info.st_dev)
    entry.ino = UInt32(truncatingIfNeeded: info.st_ino)
    entry.mode = 0o100644
    entry.uid = info.st_uid
    entry.gid = info.st_gid
    entry.file_size = UInt32(truncatingIfNeeded: info.st_size)
    return entry
  }

  /// Creates `file` with blob `id`'s content, only if nothing is at that path (its folders made
  /// as needed); nil when something is. The stat data comes from the open file, not the path.
  private func create(_ id: ObjectID, at file: String) throws -> stat? {
    try withBlob(id) { bytes in
      guard let descriptor = try Self.open(file, flags: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC) else { return nil }
      defer { close(descriptor) }
      try Self.write(bytes, to: descriptor, path: file)
      var info = stat()
      guard fstat(descriptor, &info) == 0 else { throw GitError.io("reading back \(file)", errno) }
      return info
    }
  }

  /// Writes blob `id` at `file`: a new file directly, an existing one through a temporary file and
  /// a rename, so a reader never sees half of it.
  private func write(_ id: ObjectID, to file: String, replacing: Bool) throws {
    let target = replacing ? file + ".peoplesync-tmp" : file
    try withBlob(id) { bytes in
      let flags = O_WRONLY | O_CREAT | (replacing ? O_TRUNC : O_EXCL) | O_NOFOLLOW | O_CLOEXEC
      guard let descriptor = try Self.open(target, flags: flags) else { throw GitError.io("writing \(target)", EEXIST) }
      defer { close(descriptor) }
      try Self.write(bytes, to: descriptor, path: target)
    }
    if replacing, rename(target, file) != 0 { throw GitError.io("replacing \(file)", errno) }
  }

  /// Opens `file` for writing, making its folders when missing; nil when `O_EXCL` finds it there.
  private static func open(_ file: String, flags: Int32) throws -> Int32? {
    var descriptor = Glibc.open(file, flags, 0o644)
    if descriptor < 0, errno == ENOENT {
      try makeFolders(parent(of: file))
      descriptor = Glibc.open(file, flags, 0o644)
    }
    if descriptor < 0, errno == EEXIST, flags & O_EXCL != 0 { return nil }
    guard descriptor >= 0 else { throw GitError.io("writing \(file)", errno) }
    return descriptor
  }

  private static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32, path: String) throws {
    var done = 0
    while done < bytes.count {
      let count = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { throw GitError.io("writing \(path)", errno) }
      done += count
    }
  }

  /// `mkdir -p`, by system calls: another thread making the same folder is no failure.
  private static func makeFolders(_ folder: String) throws {
    if mkdir(folder, 0o755) == 0 || errno == EEXIST { return }
    guard errno == ENOENT else { throw GitError.io("creating \(folder)", errno) }
    try makeFolders(parent(of: folder))
    guard mkdir(folder, 0o755) == 0 || errno == EEXIST else { throw GitError.io("creating \(folder)", errno) }
  }

  /// The folder holding `path` (all before its last slash): once per new folder, so a byte scan
  /// rather than Foundation's path parsing.
  private static func parent(of path: String) -> String {
    var utf8 = Array(path.utf8)
    while let last = utf8.last, last == UInt8(ascii: "/"), utf8.count > 1 { utf8.removeLast() }
    guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
    return slash == 0 ? "/" : String(decoding: utf8[..<slash], as: UTF8.self)
  }

  /// Removes the folders above `path` that a removal left empty, up to the working tree's root.
  private func removeEmptyFolders(above path: String, in workdir: String) {
    var folder = (path as NSString).deletingLastPathComponent
    while !folder.isEmpty, rmdir(workdir + folder) == 0 { folder = (folder as NSString).deletingLastPathComponent }
  }
}
