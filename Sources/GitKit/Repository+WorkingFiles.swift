import CLibGit2
import Foundation

/// What `updateWorkingFiles` did.
package struct WorkingFilesOutcome: Sendable, Equatable {
  /// Files written or removed.
  package var written = 0
  /// Files already as the new tree has them.
  package var current = 0
  /// Files a user changed: left as they are (their index entry follows the commit).
  package var kept: [String] = []
}

extension Repository {
  /// Brings the working tree and the index from one commit to the next for exactly `changes`
  /// (the blobs that differ between the two trees), whatever their number, without looking at any
  /// other file: each file still as the old tree has it (or missing, for an added one) gets the
  /// new content (written to a temporary file, then renamed) or is removed; a file a user edited is
  /// never touched. Every path's index entry then names the new blob, with the stat data of the
  /// file written, so `git status` shows only what a user changed. The index is written once.
  package func updateWorkingFiles(_ changes: [ChangedBlob]) throws -> WorkingFilesOutcome {
    guard let workdir = workingDirectory else { return WorkingFilesOutcome() }
    var index: OpaquePointer?
    try check(git_repository_index(&index, pointer), "opening the index")
    defer { git_index_free(index) }
    try check(git_index_read(index, 0), "reading the index")
    var outcome = WorkingFilesOutcome()
    var folders = Set<String>()
    for change in changes {
      let file = workdir + change.path
      let found = try currentBlob(file, path: change.path, index: index)
      var info = stat()
      if found.state == .absent && change.old == nil || found.id == change.old && found.state == .file {
        if let new = change.new {
          try write(new, to: file, replacing: found.state == .file, folders: &folders)
          guard lstat(file, &info) == 0 else { throw GitError.io("reading back \(file)", errno) }
        } else {
          guard unlink(file) == 0 || errno == ENOENT else { throw GitError.io("removing \(file)", errno) }
          removeEmptyFolders(above: change.path, in: workdir)
        }
        outcome.written += 1
      } else if found.state == .file, found.id == change.new {
        outcome.current += 1
        _ = lstat(file, &info)
      } else if found.state == .absent, change.new == nil {
        outcome.current += 1
      } else {
        // Edited by someone: the file stays theirs. Its index entry follows the commit with no
        // stat data, so git compares the file's content and shows the edit, nothing else.
        outcome.kept.append(change.path)
        info = stat()
      }
      try change.path.withCString { path in
        guard let new = change.new else {
          let rc = git_index_remove_bypath(index, path)
          if rc != 0 && rc != GIT_ENOTFOUND.rawValue { try check(rc, "removing \(change.path) from the index") }
          return
        }
        var entry = git_index_entry()
        entry.ctime = git_index_time(seconds: Int32(truncatingIfNeeded: info.st_ctim.tv_sec), nanoseconds: UInt32(info.st_ctim.tv_nsec))
        entry.mtime = git_index_time(seconds: Int32(truncatingIfNeeded: info.st_mtim.tv_sec), nanoseconds: UInt32(info.st_mtim.tv_nsec))
        entry.dev = UInt32(truncatingIfNeeded: info.st_dev)
        entry.ino = UInt32(truncatingIfNeeded: info.st_ino)
        entry.mode = 0o100644
        entry.uid = info.st_uid
        entry.gid = info.st_gid
        entry.file_size = UInt32(truncatingIfNeeded: info.st_size)
        entry.id = new.raw
        entry.path = path
        try check(git_index_add(index, &entry), "updating the index entry of \(change.path)")
      }
    }
    try check(git_index_write(index), "writing the index")
    return outcome
  }

  private enum FileState { case absent, file, other }

  /// The blob id of the file at `file` and what is there; the index's stat data spares hashing a
  /// file git itself would not hash again.
  private func currentBlob(_ file: String, path: String, index: OpaquePointer?) throws -> (state: FileState, id: ObjectID?) {
    var info = stat()
    guard lstat(file, &info) == 0 else { return (.absent, nil) }
    guard (info.st_mode & S_IFMT) == S_IFREG else { return (.other, nil) }
    if let entry = path.withCString({ git_index_get_bypath(index, $0, 0) })?.pointee,
      entry.file_size == UInt32(truncatingIfNeeded: info.st_size), entry.ino == UInt32(truncatingIfNeeded: info.st_ino),
      entry.mtime.seconds == Int32(truncatingIfNeeded: info.st_mtim.tv_sec),
      entry.mtime.nanoseconds == UInt32(info.st_mtim.tv_nsec), entry.mtime.seconds != 0
    {
      return (.file, ObjectID(entry.id))
    }
    guard let data = FileManager.default.contents(atPath: file) else { return (.other, nil) }
    return (.file, ObjectID.hashBlob([UInt8](data)))
  }

  /// Writes blob `id` at `file`: a new file directly, an existing one through a temporary file and
  /// a rename, so a reader never sees half of it.
  private func write(_ id: ObjectID, to file: String, replacing: Bool, folders: inout Set<String>) throws {
    let folder = (file as NSString).deletingLastPathComponent
    if !folders.contains(folder) {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      folders.insert(folder)
    }
    let target = replacing ? file + ".peoplesync-tmp" : file
    try withBlob(id) { bytes in
      let descriptor = Glibc.open(target, O_WRONLY | O_CREAT | (replacing ? O_TRUNC : O_EXCL) | O_NOFOLLOW | O_CLOEXEC, 0o644)
      guard descriptor >= 0 else { throw GitError.io("writing \(target)", errno) }
      defer { close(descriptor) }
      var done = 0
      while done < bytes.count {
        let count = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
        if count < 0, errno == EINTR { continue }
        guard count > 0 else { throw GitError.io("writing \(target)", errno) }
        done += count
      }
    }
    if replacing, rename(target, file) != 0 { throw GitError.io("replacing \(file)", errno) }
  }

  /// Removes the folders above `path` that a removal left empty, up to the working tree's root.
  private func removeEmptyFolders(above path: String, in workdir: String) {
    var folder = (path as NSString).deletingLastPathComponent
    while !folder.isEmpty, rmdir(workdir + folder) == 0 { folder = (folder as NSString).deletingLastPathComponent }
  }
}
