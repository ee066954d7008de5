import Foundation

/// The packs one writer adds to a repository over its life, merged as they accumulate so that a
/// server making hundreds of commits a second leaves a few dozen packs, not one per commit.
///
/// Merging works like a counter in base `fanIn`: a new pack is at level 0, and whenever the
/// newest `fanIn` packs share a level they are copied into one pack of the next level and
/// removed. Each object is copied a few times, and packs over `mergeLimit` are left as they are.
/// A merged pack stores the older versions of each tree as deltas against the newer (`PackMerger`).
/// Only packs written through this stack are ever merged or removed; a reader that listed a
/// removed pack finds its objects again in the merged one, as after `git repack`.
public final class PackStack {
  private struct Pack {
    let name: String
    var level: Int
    /// In offset order; emptied once the pack is too large to merge again.
    var records: [PackFormat.Record]
    /// Which of its trees are versions of which path (by `intern`'s numbers), oldest first: what
    /// a merge stores as deltas against each other.
    var versions: [Int32: [ObjectID]]
    let size: Int
  }

  static let fanIn = 8
  static let mergeLimit = 64 << 20
  static let retiredLimit = 64
  /// Above every level: a pack that is never merged again.
  private static let settled = Int.max

  private let folder: String
  private var packs: [Pack] = []
  /// Merged away, still on disk: their objects are in the merged packs too.
  private var retired: [String] = []
  private var serial = 0
  private var pathNumbers: [String: Int32] = [:]
  private var newerTrees: [ObjectID: [UInt8]] = [:]
  private var olderTrees: [ObjectID: [UInt8]] = [:]
  /// Packs removed so far: a repository handle that listed them should be opened again.
  public private(set) var removed = 0

  /// A stack adding packs to `repository`.
  public init(repository: Repository) throws {
    folder = repository.gitDirectory + "objects/pack"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  /// How many packs this stack has in the repository now, not counting those merged away.
  public var count: Int { packs.count }

  /// Writes a pack holding `records`, whose entries are `body` (offsets count the 12-byte header),
  /// and keeps the `trees` it holds at hand for the next commits, which edit them.
  func add(body: [UInt8], records: [PackFormat.Record], trees: [ObjectID: [UInt8]], paths: [ObjectID: Int32] = [:]) throws {
    let versions = Dictionary(grouping: paths.keys, by: { paths[$0]! })
    packs.append(try store(PackFormat.header(count: UInt32(records.count)) + body, records: records, versions: versions, level: 0))
    (olderTrees, newerTrees) = (newerTrees, trees)
    // Housekeeping: the commit's pack is in place whatever happens here. Packs that are gone were
    // consolidated by someone else (`git gc`): they are forgotten; any other failure is tried again
    // after the next commit.
    do { try merge() } catch { packs.removeAll { access("\(folder)/\($0.name).pack", F_OK) != 0 } }
  }

  /// A tree one of the last two packs holds: the next commit's base is the last commit's tree (or
  /// the one before, when a sync committed in between), so it is not read back from disk.
  func recentTree(_ id: ObjectID) -> [UInt8]? { newerTrees[id] ?? olderTrees[id] }

  /// A number for a tree's path: the same path, the same number.
  func intern(_ path: String) -> Int32 {
    if let number = pathNumbers[path] { return number }
    let number = Int32(pathNumbers.count)
    pathNumbers[path] = number
    return number
  }

  private func merge() throws {
    while packs.count >= Self.fanIn, let level = packs.last?.level, level != Self.settled,
      packs.suffix(Self.fanIn).allSatisfy({ $0.level == level })
    {
      let sources = Array(packs.suffix(Self.fanIn))
      guard sources.reduce(0, { $0 + $1.size }) <= Self.mergeLimit else {
        for index in packs.indices.suffix(Self.fanIn) {
          packs[index].level = Self.settled
          packs[index].records = []
          packs[index].versions = [:]
        }
        return
      }
      let merger = try PackMerger.merge(
        sources.map { PackMerger.Source(data: try read($0.name + ".pack", size: $0.size), records: $0.records, versions: $0.versions) })
      let merged = try store(merger.pack, records: merger.records, versions: merger.versions, level: level + 1)
      packs.removeLast(Self.fanIn)
      packs.append(merged)
      retired += sources.map(\.name).filter { $0 != merged.name }
      if retired.count >= Self.retiredLimit { removeRetired() }
    }
  }

  /// Removes the packs merged away so far. They are removed a few dozen at a time, so that a
  /// handle reading the repository is opened again that rarely (see `removed`).
  public func removeRetired() {
    for name in retired {
      // The index first: a pack without one is not looked at, an index without its pack fails lookups.
      unlink("\(folder)/\(name).idx")
      unlink("\(folder)/\(name).pack")
    }
    removed += retired.count
    retired = []
  }

  /// Writes `bytes` (header and entries) with its checksum as `pack-<checksum>.pack`, then its index.
  private func store(_ bytes: [UInt8], records: [PackFormat.Record], versions: [Int32: [ObjectID]], level: Int) throws -> Pack {
    var bytes = bytes
    let checksum = bytes.withUnsafeBytes { PackFormat.checksum($0) }
    bytes += checksum
    let name = "pack-" + checksum.map { String(format: "%02x", $0) }.joined()
    let index = PackFormat.index(records: records, packChecksum: checksum)
    // The pack before its index: git only looks at packs that have one.
    try place(bytes, as: name + ".pack")
    try place(index, as: name + ".idx")
    return Pack(name: name, level: level, records: records, versions: versions, size: bytes.count)
  }

  /// Writes a read-only file under a temporary name and renames it into place (no inode is freed).
  private func place(_ bytes: [UInt8], as file: String) throws {
    let path = "\(folder)/\(file)"
    serial += 1
    let temporary = "\(folder)/tmp_peoplesync_\(getpid())_\(serial)_\(file)"
    var descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
    if descriptor < 0 && errno == EEXIST {
      unlink(temporary)  // left by a killed process of the same id
      descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o444)
    }
    guard descriptor >= 0 else { throw GitError(code: -1, message: "cannot create \(temporary): \(String(cString: strerror(errno)))") }
    var done = 0
    while done < bytes.count {
      let count = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + done, $0.count - done) }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else {
        let reason = String(cString: strerror(errno))
        close(descriptor)
        unlink(temporary)
        throw GitError(code: -1, message: "cannot write \(temporary): \(reason)")
      }
      done += count
    }
    close(descriptor)
    guard rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw GitError(code: -1, message: "cannot move \(file) into \(folder): \(reason)")
    }
  }

  private func read(_ file: String, size: Int) throws -> [UInt8] {
    let path = "\(folder)/\(file)"
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw GitError(code: -1, message: "cannot read \(path): \(String(cString: strerror(errno)))") }
    defer { close(descriptor) }
    var bytes = [UInt8](repeating: 0, count: size)
    var done = 0
    while done < size {
      let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, size - done, off_t(done)) }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else {
        throw GitError(
          code: -1, message: "cannot read \(path): \(count == 0 ? "it is shorter than written" : String(cString: strerror(errno)))")
      }
      done += count
    }
    return bytes
  }
}
