import Foundation
import GitKit
import Synchronization

/// Notices what other processes did to what the server serves: a commit on its branch (`sync`
/// purging people, `scim-token` revoking tokens, a push) or a change to the keystore beside it.
///
/// `check` runs at the start of every request, so a revocation or a purge is in force from the
/// next request on. It costs one `stat` of the branch's loose reference (and one of the keystore
/// folder once an encrypted tenant is served) and an atomic read, no lock: git replaces a
/// reference by renaming a new file over it, so any move gives it a new inode. Only when that
/// changed is the branch read, under the watch's lock, and the server refreshes (under that lock,
/// so no request goes ahead of it) only when the head is not one its own committer made, which
/// it announces in `publishing`. (Two moves by other processes within one tick of the file
/// system's clock could give the reference back its inode, size and time; the server's next
/// commit on top of them still reveals them.)
final class BranchWatch: BranchObserver, @unchecked Sendable {
  /// What came of a check that found something changed.
  enum Change {
    /// Another process moved the branch (to this head, nil when it no longer exists); `since` is
    /// the newest head the server had accounted for (its own last commit, or the last refresh).
    case branch(ObjectID?, since: ObjectID?)
    /// Only the keystore changed: its keys may have been destroyed.
    case keystore
  }

  /// The watched files at one moment.
  struct Snapshot: Equatable {
    var reference: FileSignature?
    /// Looked at only without a loose reference: a packed branch moves by becoming loose again.
    var packed: FileSignature?
    var keystore: FileSignature?

    /// What the lock-free check compares: never 0, which stands for "look closer". Computed
    /// field by field, without arrays: it runs on every request.
    var digest: UInt64 {
      var hash: UInt64 = 0xcbf2_9ce4_8422_2325
      func mix(_ word: UInt64) { hash = (hash ^ word) &* 0x0000_0100_0000_01b3 }
      func mix(_ signature: FileSignature?) {
        guard let signature else { return mix(0) }
        mix(signature.device)
        mix(signature.inode)
        mix(UInt64(bitPattern: signature.size))
        mix(UInt64(bitPattern: Int64(signature.modified)))
      }
      mix(reference)
      mix(packed)
      mix(keystore)
      return hash == 0 ? 1 : hash
    }
  }

  /// The repository's common folder, open: the reference is looked up from there, not from the
  /// root (a shorter walk), and not from its own folder, which packing may remove and git recreate.
  private let commonFolder: Int32
  /// `refs/heads/main`, and `packed-refs`, relative to that folder.
  private let reference: String
  private let keystore: String
  /// Set once an encrypted tenant is served: until then the keystore is not looked at.
  private let keystoreWatched = Atomic<Bool>(false)
  /// The digest of `seen`, or 0 while a refresh is due: requests compare it without the lock.
  private let seenDigest = Atomic<UInt64>(0)
  private let lock = NSLock()
  private var seen: Snapshot
  /// The heads the server has accounted for, newest last: those its committer made (announced
  /// before the branch moves, so a check may still read the one before) and those it refreshed
  /// for. A few dozen: a check reads the branch after at most a few of the committer's moves.
  private var accounted: [ObjectID?]
  private static let remembered = 64
  /// Set when the committer found a head nobody accounted for under the commit it is publishing:
  /// the next check refreshes, whatever the branch then points at.
  private var foreign = false

  /// Watches `branch` (`refs/heads/main`) of the repository whose references are in
  /// `commonDirectory`, and the keystore folder `keystore` once asked to.
  init(commonDirectory: String, branch: String, keystore: String, head readHead: () throws -> ObjectID?) throws {
    commonFolder = open(commonDirectory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard commonFolder >= 0 else { throw AppError.repository("cannot watch \(commonDirectory): errno \(errno)") }
    reference = branch
    self.keystore = keystore
    seen = Snapshot(reference: nil, packed: nil, keystore: nil)
    accounted = []
    seen = snapshot()
    accounted = [try readHead()]
    seenDigest.store(seen.digest, ordering: .releasing)
  }

  deinit { close(commonFolder) }

  /// Watches the keystore too, from now on: a key destroyed there must stop what it opened from
  /// being served. The first check after counts it as changed.
  func watchKeystore() {
    guard !keystoreWatched.load(ordering: .acquiring) else { return }
    keystoreWatched.store(true, ordering: .releasing)
  }

  /// Called by the committer just before it moves the branch from `base` to `commit`: a base
  /// the server has not accounted for was made by another process.
  func publishing(from base: ObjectID?, to commit: ObjectID) {
    lock.withLock {
      if !accounted.contains(base) {
        foreign = true
        seenDigest.store(0, ordering: .releasing)
      }
      account(commit)
    }
  }

  /// Called by the committer once the branch points at `commit`: the reference is looked at and
  /// read here, on the committer's thread, so that the requests arriving together after each of
  /// its commits find nothing to look into (and do not queue for the lock to read the branch).
  /// When what is read is not `commit` (another process moved the branch right after), or a
  /// refresh is due, it is left to the next check.
  func published(_ commit: ObjectID) {
    guard let (signature, head) = looseReference(), head == commit else { return }
    lock.withLock {
      guard !foreign else { return }
      seen = Snapshot(reference: signature, packed: nil, keystore: seen.keystore)
      seenDigest.store(seen.digest, ordering: .releasing)
    }
  }

  /// The loose reference's file and the commit it names, read from one open file (so the two
  /// belong together); nil without one, or when it holds something else.
  private func looseReference() -> (FileSignature, ObjectID)? {
    let file = openat(commonFolder, reference, O_RDONLY | O_CLOEXEC)
    guard file >= 0 else { return nil }
    defer { close(file) }
    guard let signature = FileSignature(descriptor: file) else { return nil }
    var bytes = [UInt8](repeating: 0, count: 64)
    let count = read(file, &bytes, bytes.count)
    guard count >= 40 else { return nil }
    return ObjectID(hex: String(decoding: bytes[0..<40], as: UTF8.self)).map { (signature, $0) }
  }

  /// Called under the lock.
  private func account(_ head: ObjectID?) {
    accounted.append(head)
    if accounted.count > Self.remembered { accounted.removeFirst(accounted.count - Self.remembered) }
  }

  /// Calls `refresh` when another process moved the branch or changed the keystore since the
  /// last check; `readHead` reads the branch. Both run under the watch's lock: a request that
  /// sees the change waits for the refresh. When `refresh` throws, the next check tries again.
  func check(readHead: () throws -> ObjectID?, refresh: (Change) throws -> Void) throws {
    // Looked at before the branch is read: what is read is then at least as new.
    let looked = snapshot().digest
    guard looked != seenDigest.load(ordering: .acquiring) else { return }
    try lock.withLock {
      // Another request caught up with what this one saw while it waited: the usual case for
      // the requests that arrive together after one of the committer's moves.
      guard looked != seenDigest.load(ordering: .acquiring) else { return }
      // Looked at again under the lock: a request that looked before another caught up would
      // otherwise record an older state, and send the next requests here too.
      let now = snapshot()
      guard now != seen || foreign else { return }
      try catchUp(to: now, readHead: readHead, refresh: refresh)
      seenDigest.store(seen.digest, ordering: .releasing)
    }
  }

  /// Called under the lock.
  private func catchUp(to now: Snapshot, readHead: () throws -> ObjectID?, refresh: (Change) throws -> Void) throws {
    if now.reference != seen.reference || now.packed != seen.packed || foreign {
      let current = try readHead()
      if foreign || !accounted.contains(current) {
        try refresh(.branch(current, since: accounted.last ?? nil))
        account(current)
        foreign = false
        seen = now
        return
      }
    }
    if now.keystore != seen.keystore { try refresh(.keystore) }
    seen = now
  }

  private func snapshot() -> Snapshot {
    let loose = FileSignature(folder: commonFolder, name: reference)
    return Snapshot(
      reference: loose, packed: loose == nil ? FileSignature(folder: commonFolder, name: "packed-refs") : nil,
      keystore: keystoreWatched.load(ordering: .relaxed) ? FileSignature(keystore) : nil)
  }
}
