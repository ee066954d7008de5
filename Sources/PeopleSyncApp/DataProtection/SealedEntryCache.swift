import Foundation
import GitKit
import PeopleSyncCore

/// What earlier syncs learned sealing a tenant's entries: for each person, the id of their
/// sealed entry and the id the same entry has in plain text. A sync then recognises an
/// unchanged entry by hashing its plain text, as for a plain tenant, instead of sealing a
/// million entries again to compare their ids.
///
/// A record is used only when the committed blob is the very one it names, so a missing,
/// old or foreign cache costs time, never correctness: those entries are sealed and compared
/// as before, and recorded. Kept beside the keys, sealed with the master key (the plain ids
/// are hashes of personal data), and not synced to disk: losing it loses nothing.
final class SealedEntryCache: @unchecked Sendable {
  struct Record {
    let sealed: ObjectID
    let plain: ObjectID
    /// The tag of the key the entry was sealed with: a record of a key since destroyed is no use.
    let tag: UInt64
  }

  private(set) var records: PersonTable<Record>
  /// The tenant's keys: a record counts only while its person still holds the key it names.
  /// Set before planning starts, when the records of keys since destroyed are dropped, once:
  /// the keys do not change while a plan is made, and `plainID`, called for every person on
  /// every core, then reads one table instead of two.
  var keys: TenantKeys? {
    didSet { if let keys { keep(only: keys) } }
  }
  /// Learned while planning, on several threads; merged by `merge`.
  private var learned: [(PersonID, Record)] = []
  private let lock = NSLock()
  private(set) var changed = false

  init(records: PersonTable<Record> = PersonTable()) { self.records = records }

  /// The plain id of `id`'s entry, when `sealed` is the blob the record was made from.
  /// Safe on several threads at once while nothing is merged.
  func plainID(_ id: PersonID, sealed: ObjectID) -> ObjectID? {
    guard let record = records[id], record.sealed == sealed else { return nil }
    return record.plain
  }

  /// Notes that `sealed` is `id`'s entry sealed with their current key; safe on several threads at once.
  func learn(_ id: PersonID, sealed: ObjectID, plain: ObjectID) {
    guard let key = keys?.personKey(id) else { return }
    lock.lock()
    learned.append((id, Record(sealed: sealed, plain: plain, tag: key.tag)))
    lock.unlock()
  }

  /// Moves what was learned into the records. Not while `plainID` runs on another thread.
  func merge() {
    lock.lock()
    let batch = learned
    learned = []
    lock.unlock()
    for (id, record) in batch { records[id] = record }
    if !batch.isEmpty { changed = true }
  }

  /// Drops the records of keys that are gone (people purged), so no hash of their data stays.
  func keep(only keys: TenantKeys) {
    var gone: [PersonID] = []
    records.forEach { id, record in if keys.personKey(id)?.tag != record.tag { gone.append(id) } }
    for id in gone { records.remove(id) }
    if !gone.isEmpty { changed = true }
  }

  func markSaved() { changed = false }

  /// Version 2: sealed in chunks (`LocalKeystore.writeSealedChunks`), written as it is encoded.
  static let magic: [UInt8] = Array("PSEC".utf8) + [2]
  /// Person id, key tag, sealed id, plain id.
  static let recordSize = 8 + 8 + 20 + 20

  /// The number of bytes `encode` hands over.
  var encodedCount: Int { 8 + records.count * Self.recordSize }

  /// Hands the encoded cache to `write` a megabyte at a time: a million people's records are
  /// 56 MB, and saving them whole (with their sealed copy) raised a sync's peak memory by as much.
  func encode(_ write: (UnsafeRawBufferPointer) throws -> Void) throws {
    var out: [UInt8] = []
    out.reserveCapacity(1 << 20)
    withUnsafeBytes(of: UInt64(records.count).bigEndian) { out.append(contentsOf: $0) }
    var failure: Error?
    records.forEach { id, record in
      guard failure == nil else { return }
      withUnsafeBytes(of: id.value.bigEndian) { out.append(contentsOf: $0) }
      withUnsafeBytes(of: record.tag.bigEndian) { out.append(contentsOf: $0) }
      record.sealed.append(to: &out)
      record.plain.append(to: &out)
      if out.count >= (1 << 20) - Self.recordSize {
        do { try out.withUnsafeBytes(write) } catch { failure = error }
        out.removeAll(keepingCapacity: true)
      }
    }
    if let failure { throw failure }
    try out.withUnsafeBytes(write)
  }

  /// Nil when the bytes are not a cache this version wrote.
  static func decode(_ bytes: [UInt8]) -> SealedEntryCache? {
    bytes.withUnsafeBytes { raw in
      guard raw.count >= 8 else { return nil }
      let count = Int(UInt64(bigEndian: raw.loadUnaligned(as: UInt64.self)))
      guard count >= 0, raw.count == 8 + count * recordSize else { return nil }
      var records = PersonTable<Record>(capacity: count)
      var offset = 8
      for _ in 0..<count {
        let id = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        let tag = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
        guard let sealed = ObjectID(raw: UnsafeRawBufferPointer(rebasing: raw[(offset + 16)...])),
          let plain = ObjectID(raw: UnsafeRawBufferPointer(rebasing: raw[(offset + 36)...]))
        else { return nil }
        records[PersonID(id)] = Record(sealed: sealed, plain: plain, tag: tag)
        offset += recordSize
      }
      return SealedEntryCache(records: records)
    }
  }
}
