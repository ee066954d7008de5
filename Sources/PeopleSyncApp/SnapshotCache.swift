import Foundation
import GitKit
import PeopleSyncCore

/// A source's snapshot as parsed and validated, kept beside the repository
/// (`<git dir>/peoplesync/snapshots/<tenant>.<source>`), so that a sync does not inflate, parse
/// and validate a large snapshot it has seen before: `ingest` and `fetch` leave it for the next
/// sync, and a sync that had to read the snapshot leaves it for the one after.
///
/// An entry counts only for the very blob, source settings, custom fields and tool version it was
/// made from (its key is a hash of them), and the file is checked as it is read, so a missing,
/// stale or damaged cache costs time, never correctness. Only snapshots whose every row is valid
/// are kept: rejected rows and warnings are always reported from the snapshot itself. An
/// encrypted tenant's is sealed with the master key, as its entry cache is, and lasts only as long
/// as the snapshot's own key: a snapshot whose key is gone is read (and refused) as before.
struct SnapshotCache {
  static let magic: [UInt8] = Array("PSSC".utf8) + [1]

  let folder: URL
  let protection: DataProtection

  init(repository: Repository, protection: DataProtection) {
    folder = URL(fileURLWithPath: repository.gitDirectory).appendingPathComponent("peoplesync/snapshots")
    self.protection = protection
  }

  /// What a cached snapshot stands for: the blob, how it is read, and by which build.
  static func key(blob: ObjectID, source: SourceConfig, customFields: [String]) -> [UInt8] {
    let options = source.csv ?? CSVOptions()
    let description = [
      blob.hex, source.name, source.kind.rawValue,
      options.columns.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: "\u{1F}"),
      options.customColumns.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1F}"),
      options.delimiter.rawValue, options.quoting.rawValue, customFields.joined(separator: "\u{1F}"), PeopleSyncVersion.current,
      String(MemoryLayout<TextRange>.stride),
    ].joined(separator: "\u{1E}")
    return SHA256.digest(Array(description.utf8))
  }

  private func file(_ tenant: String, _ source: String) -> URL { folder.appendingPathComponent(Self.name(tenant, source)) }

  static func name(_ tenant: String, _ source: String) -> String { "\(tenant).\(source)" }

  /// Removes the cached snapshots whose names (`name(_:_:)`) are not in `keep`: a tenant or source
  /// taken out of the repository leaves no parsed copy of its people beside it. Files being written
  /// (dot-prefixed temporaries) are left alone.
  func prune(keeping keep: Set<String>) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    for name in names where !name.hasPrefix(".") && !keep.contains(name) {
      try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
    }
  }

  /// The cached snapshot for `key`, and the key id of the sealed snapshot it came from (nil for a
  /// plain one); nil when there is none that can be trusted.
  func load(tenant: String, source: SourceConfig, customFields: [String], key: [UInt8], file path: String, encrypted: Bool) -> (
    snapshot: Snapshot, sealedKeyID: [UInt8]?
  )? {
    let url = file(tenant, source.name)
    if encrypted {
      // A sealed file opens to the payload in memory.
      guard
        let payload = try? protection.keystore(creating: false).readSealedChunks(
          url, magic: Self.magic, associated: Array("\(tenant).\(source.name)".utf8))
      else { return nil }
      return payload.withUnsafeBytes { bytes in
        let read = ArchiveReading.from(bytes)
        var extra: UInt8 = 0
        guard let found = decode(read, key: key, tenant: tenant, source: source, customFields: customFields, file: path),
          !withUnsafeMutableBytes(of: &extra, read)
        else { return nil }
        return found
      }
    }
    // A plain file is read straight into the records' buffers: no copy of a few hundred megabytes.
    let fd = open(url.path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var consumed = 0
    let read: ArchiveReader = { buffer in
      var offset = 0
      while offset < buffer.count {
        let got = Glibc.read(fd, buffer.baseAddress! + offset, buffer.count - offset)
        if got < 0 && errno == EINTR { continue }
        guard got > 0 else { return false }
        offset += got
      }
      consumed += buffer.count
      return true
    }
    var magic = [UInt8](repeating: 0, count: Self.magic.count)
    guard magic.withUnsafeMutableBytes(read), magic == Self.magic else { return nil }
    var status = stat()
    guard fstat(fd, &status) == 0 else { return nil }
    return decode(read, key: key, tenant: tenant, source: source, customFields: customFields, file: path)
      .flatMap { consumed == Int(status.st_size) ? $0 : nil }
  }

  /// `key | key id length | sealed | key id | snapshot archive`, from `read`.
  private func decode(
    _ read: ArchiveReader, key: [UInt8], tenant: String, source: SourceConfig, customFields: [String], file path: String
  ) -> (snapshot: Snapshot, sealedKeyID: [UInt8]?)? {
    var head = [UInt8](repeating: 0, count: 35)
    guard head.withUnsafeMutableBytes(read), Array(head.prefix(32)) == key else { return nil }
    var keyID = [UInt8](repeating: 0, count: Int(head[32]) << 8 | Int(head[33]))
    guard keyID.withUnsafeMutableBytes(read) else { return nil }
    let sealed = head[34] == 1
    // A sealed snapshot's key may have been destroyed since: then it is read, and refused, as before.
    if sealed {
      guard (try? protection.keys(tenant, creating: false))??.snapshotKey(keyID) != nil else { return nil }
    }
    guard let snapshot = Snapshot.unarchive(read: read, source: source, customFields: customFields, file: path) else { return nil }
    return (snapshot, sealed ? keyID : nil)
  }

  /// Keeps `snapshot` for `key` when every row was valid; a cache that cannot be written is no loss.
  /// Otherwise the source's previous one is deleted: it would hold a replaced snapshot's people,
  /// under the master key, after that snapshot's own key is destroyed.
  func store(_ snapshot: Snapshot, tenant: String, key: [UInt8], sealedKeyID: [UInt8]?, encrypted: Bool) {
    let keyID = sealedKeyID ?? []
    let header = key + [UInt8(keyID.count >> 8), UInt8(keyID.count & 0xFF), sealedKeyID == nil ? 0 : 1] + keyID
    let url = file(tenant, snapshot.source.name)
    guard snapshot.archive({ _ in }) else {
      try? FileManager.default.removeItem(at: url)
      return
    }
    do {
      try keep(snapshot, header: header, to: url, tenant: tenant, encrypted: encrypted)
    } catch {
      try? FileManager.default.removeItem(at: url)
    }
  }

  private func keep(_ snapshot: Snapshot, header: [UInt8], to url: URL, tenant: String, encrypted: Bool) throws {
    try PhaseTimer.measure("keep the parsed snapshot of \(tenant)/\(snapshot.source.name)") {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      if encrypted {
        // Sealed a chunk at a time as the archive is handed over: never held whole, sealed or not.
        guard let length = snapshot.archivedCount else { return }
        try protection.keystore(creating: false).writeSealedChunks(
          url, magic: Self.magic, length: header.count + length, associated: Array("\(tenant).\(snapshot.source.name)".utf8)
        ) { write in
          try header.withUnsafeBytes(write)
          _ = try snapshot.archive(write)
        }
      } else {
        // Written piece by piece from the records' memory: a million people's archive is a few
        // hundred megabytes, and a sync that keeps it must not hold it twice.
        try Durable.stream(url) { write in
          try (Self.magic + header).withUnsafeBytes(write)
          return try snapshot.archive(write)
        }
      }
    }
  }
}
