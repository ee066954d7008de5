import Foundation

/// The packs one writer adds to a repository over its life, merged as they accumulate so that a
/// server making hundreds of commits a second leaves a few dozen packs, not one per commit.
///
/// Merging works like a counter in base `fanIn`: a new pack is at level 0, and whenever `fanIn`
/// packs in a row share a level they are copied into one pack of the next level and removed.
/// Each object is copied a few times, and packs over `mergeLimit` are left as they are. A merged
/// pack stores the older versions of each tree as deltas against the newer (`PackMerger`). Only
/// packs written through this stack are ever merged or removed; a reader that listed a removed
/// pack finds its objects again in the merged one, as after `git repack`. With `background`,
/// merges run on a thread of their own, so that the writer never waits for one.
public final class PackStack: @unchecked Sendable {
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

  /// Sixteen: each object is copied once per level, and against eight this took a tenth off the
  /// server's CPU per write, for a few more packs to look in.
  public static let defaultFanIn = 16
  static let mergeLimit = 64 << 20
  static let retiredLimit = 256
  /// Above every level: a pack that is never merged again.
  private static let settled = Int.max

  private let folder: PackFolder
  private let background: Bool
  private let fanIn: Int
  private let condition = NSCondition()
  // Under `condition`:
  private var packs: [Pack] = []
  /// Merged away, still on disk: their objects are in the merged packs too.
  private var retired: [String] = []
  private var removedCount = 0
  private var stopping = false
  /// A merge failed for a reason other than packs gone: not tried again before the next pack.
  private var waitingForPack = false
  private var thread: Thread?
  // Under `memory`: writers on two threads (a server's committer and its follower) share them.
  private let memory = NSLock()
  private var pathNumbers: [String: Int32] = [:]
  /// The last version written of each tree path, and the trees of the last pack that came without
  /// a path: what the next commits edit, so they never read a tree back through libgit2 (which,
  /// for an object in a pack it has not listed yet, would scan the pack folder again).
  private var latest: [Int32: ObjectID] = [:]
  private var trees: [ObjectID: [UInt8]] = [:]
  private var unplaced: [ObjectID] = []
  private var treeBytes = 0
  static let treeCacheLimit = 64 << 20

  /// A stack adding packs to the repository at `gitDirectory` (ending in "/"); with `background`,
  /// merged by a thread of its own until `close`.
  public init(gitDirectory: String, background: Bool = false, fanIn: Int = defaultFanIn) throws {
    folder = try PackFolder(gitDirectory + "objects/pack")
    self.background = background
    self.fanIn = max(2, fanIn)
    if background {
      let thread = Thread { [unowned self] in self.mergeUntilClosed() }
      thread.name = "peoplesync-packs"
      self.thread = thread
      thread.start()
    }
  }

  /// How many packs this stack has in the repository now, not counting those merged away.
  public var count: Int { condition.withLock { packs.count } }

  /// Packs removed so far: a repository handle that listed them should be opened again.
  public var removed: Int { condition.withLock { removedCount } }

  /// Writes a pack holding `records`, whose entries are `body` (offsets count the 12-byte header),
  /// and keeps the `trees` it holds at hand for the next commits, which edit them.
  func add(body: [UInt8], records: [PackFormat.Record], trees: [ObjectID: [UInt8]], paths: [ObjectID: Int32] = [:]) throws {
    let versions = Dictionary(grouping: paths.keys, by: { paths[$0]! })
    let pack = try store(PackFormat.header(count: UInt32(records.count)) + body, records: records, versions: versions, level: 0)
    memory.withLock { remember(trees, paths: paths) }
    condition.withLock {
      packs.append(pack)
      waitingForPack = false
      condition.broadcast()
    }
    if !background { mergeDue() }
  }

  /// A tree written here lately: the last version of its path, or one of the last pack's trees
  /// written without a path.
  public func recentTree(_ id: ObjectID) -> [UInt8]? { memory.withLock { trees[id] } }

  /// Keeps the newest version of each path in place of the one before. Bounded: past the limit
  /// (millions of people's folders) everything is forgotten and read back as needed.
  /// Called under `memory`.
  private func remember(_ added: [ObjectID: [UInt8]], paths: [ObjectID: Int32]) {
    for id in unplaced { forget(id) }
    unplaced = []
    for (id, bytes) in added where trees[id] == nil {
      if let path = paths[id] {
        if let old = latest.updateValue(id, forKey: path), old != id { forget(old) }
      } else {
        unplaced.append(id)
      }
      trees[id] = bytes
      treeBytes += bytes.count
    }
    if treeBytes > Self.treeCacheLimit {
      (latest, trees, unplaced, treeBytes) = ([:], [:], [], 0)
    }
  }

  private func forget(_ id: ObjectID) {
    if let bytes = trees.removeValue(forKey: id) { treeBytes -= bytes.count }
  }

  /// A number for a tree's path: the same path, the same number.
  func intern(_ path: String) -> Int32 {
    memory.lock()
    defer { memory.unlock() }
    if let number = pathNumbers[path] { return number }
    let number = Int32(pathNumbers.count)
    pathNumbers[path] = number
    return number
  }

  /// Stops the merging thread, makes the merges still due, and removes the packs merged away.
  public func close() {
    condition.lock()
    stopping = true
    condition.broadcast()
    while thread != nil { condition.wait() }
    condition.unlock()
    mergeDue()
    removeRetired()
  }

  /// Removes the packs merged away so far. They are removed a few hundred at a time, so that a
  /// handle reading the repository is opened again that rarely (see `removed`).
  public func removeRetired() {
    let names = condition.withLock {
      defer { retired = [] }
      return retired
    }
    for name in names { folder.remove(name) }
    condition.withLock { removedCount += names.count }
  }

  private func mergeUntilClosed() {
    condition.lock()
    while !stopping {
      guard let run = nextRun() else {
        condition.wait()
        continue
      }
      condition.unlock()
      merge(run)
      condition.lock()
    }
    thread = nil
    condition.broadcast()
    condition.unlock()
  }

  private func mergeDue() {
    while let run = condition.withLock({ nextRun() }) { merge(run) }
  }

  /// The first `fanIn` packs in a row at one level, oldest first; runs too large are settled instead.
  /// Called under the lock.
  private func nextRun() -> (sources: [Pack], level: Int)? {
    guard !waitingForPack else { return nil }
    var start = 0
    while start + fanIn <= packs.count {
      let level = packs[start].level
      guard level != Self.settled, packs[start..<start + fanIn].allSatisfy({ $0.level == level }) else {
        start += 1
        continue
      }
      let run = Array(packs[start..<start + fanIn])
      if run.reduce(0, { $0 + $1.size }) <= Self.mergeLimit { return (run, level) }
      for index in start..<start + fanIn {
        packs[index].level = Self.settled
        packs[index].records = []
        packs[index].versions = [:]
      }
      start += fanIn
    }
    return nil
  }

  /// Merges a run into one pack and puts it in the run's place. Housekeeping: when it fails, the
  /// commits stand. Packs that are gone were consolidated by someone else (`git gc`) and are
  /// forgotten; another failure is tried again with the next pack.
  private func merge(_ run: (sources: [Pack], level: Int)) {
    do {
      let merger = try PackMerger.merge(
        run.sources.map {
          PackMerger.Source(data: try folder.read($0.name + ".pack", size: $0.size), records: $0.records, versions: $0.versions)
        })
      let merged = try store(merger.pack, records: merger.records, versions: merger.versions, level: run.level + 1)
      let full = condition.withLock {
        // Only this thread removes packs: the run is where it was, newer packs after it.
        let start = packs.firstIndex { $0.name == run.sources[0].name }!
        packs.replaceSubrange(start..<start + run.sources.count, with: [merged])
        retired += run.sources.map(\.name).filter { $0 != merged.name }
        return retired.count >= Self.retiredLimit
      }
      if full { removeRetired() }
    } catch {
      let gone = Set(run.sources.map(\.name).filter { !folder.holds($0) })
      condition.withLock {
        packs.removeAll { gone.contains($0.name) }
        if gone.isEmpty { waitingForPack = true }
      }
    }
  }

  /// Writes `bytes` (header and entries) with its checksum as `pack-<checksum>.pack`, then its index.
  private func store(_ bytes: [UInt8], records: [PackFormat.Record], versions: [Int32: [ObjectID]], level: Int) throws -> Pack {
    var bytes = bytes
    let checksum = bytes.withUnsafeBytes { PackFormat.checksum($0) }
    bytes += checksum
    let digits = Array("0123456789abcdef".utf8)
    let name = "pack-" + String(decoding: checksum.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
    let index = PackFormat.index(records: records, packChecksum: checksum)
    // The pack before its index: git only looks at packs that have one. Both are on disk, under
    // their names, before the pack is reported written (a commit may name its objects next; a
    // merge removes the packs it copied).
    try folder.place(pack: bytes, index: index, name: name)
    try folder.sync()
    return Pack(name: name, level: level, records: records, versions: versions, size: bytes.count)
  }
}
