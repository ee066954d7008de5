import Foundation

/// Writes the plain-text report a pickup leaves for the customer, in a folder the customer may
/// be able to write (`rejected/`).
///
/// The file is created new under a random temporary name (`O_EXCL|O_NOFOLLOW`: a link planted
/// under that name fails the creation instead of being written through), owned and protected
/// through its open descriptor (`fchown`, `fchmod`: a name swapped for a link in between changes
/// nothing), then renamed into place, which replaces a link of the report's name rather than
/// following it. The pickup (root, or the packaged daily job holding CAP_CHOWN and CAP_FOWNER)
/// never writes, chowns or chmods anything by path there.
enum ReportWriter {
  /// Readable by the folder's owner and group (the customer) only.
  static let mode: mode_t = 0o640

  /// Writes `text` as `name` in `folder`, whole, owned like the folder.
  static func write(_ text: String, named name: String, in folder: FolderHandle) throws {
    let owner = try folder.status()
    let (temporary, descriptor) = try createTemporary(for: name, in: folder)
    var closed = false
    do {
      defer { if !closed { close(descriptor) } }
      if Privileges.mayChangeOwners, fchown(descriptor, owner.st_uid, owner.st_gid) != 0 {
        throw POSIXFailure(what: "setting the owner of \(folder.path)/\(temporary)", code: errno)
      }
      guard fchmod(descriptor, mode) == 0 else { throw POSIXFailure(what: "setting the mode of \(folder.path)/\(temporary)", code: errno) }
      try writeAll(Array(text.utf8), to: descriptor, path: folder.path + "/" + temporary)
      closed = true
      guard close(descriptor) == 0 else { throw POSIXFailure(what: "writing \(folder.path)/\(temporary)", code: errno) }
      try folder.rename(temporary, to: folder, as: name)
    } catch {
      try? folder.remove(temporary)
      throw error
    }
  }

  /// A new file with a name nobody can guess in advance, and its descriptor.
  private static func createTemporary(for name: String, in folder: FolderHandle) throws -> (String, Int32) {
    var attempt = 0
    while true {
      let temporary = ".\(name).tmp-\(getpid())-\(String(UInt64.random(in: .min ... .max), radix: 16))"
      do {
        return (temporary, try folder.createNew(temporary, mode: 0o600))
      } catch let error as POSIXFailure where error.code == EEXIST && attempt < 10 {
        attempt += 1
      }
    }
  }

  private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
    var done = 0
    while done < bytes.count {
      let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + done, $0.count - done) }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { throw POSIXFailure(what: "writing \(path)", code: errno) }
      done += count
    }
  }
}
