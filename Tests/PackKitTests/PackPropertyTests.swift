import Foundation
import GitKit
import TestSupport
import Testing

@testable import PackKit

/// Seeded random repositories written through PackKit's writers, checked by the real `git`:
/// `git verify-pack -v` on every pack and `git fsck --strict` on the whole.
@Suite("pack properties")
struct PackPropertyTests {
  /// Commits `count` random edits on `main` through `stack` (one pack each), from `head`; returns the
  /// commits and the blobs each path should hold at the last one.
  static func randomCommits(
    _ repository: Repository, stack: PackStack, count: Int, random: inout SeededRandom, from head: ObjectID? = nil,
    expected: inout [String: [UInt8]]
  ) throws -> [ObjectID] {
    var commits: [ObjectID] = []
    var head = head
    for _ in 0..<count {
      let writer = BatchPackWriter(stack: stack)
      var editor = TreeEditor()
      for _ in 0..<random.next(in: 1...6) {
        let path = random.path()
        if random.next(in: 0...5) == 0, expected[path] != nil {
          editor.remove(path)
          expected[path] = nil
        } else {
          let bytes = random.content()
          editor.set(path, to: try writer.write(bytes, type: .blob))
          expected[path] = bytes
        }
      }
      let base = try head.map { try repository.commit($0).tree }
      let tree = try editor.write(base: base, repository: repository, writer: writer)
      let commit = try writer.writeCommit(
        tree: tree, parents: head.map { [$0] } ?? [], message: "edit \(commits.count)\n", author: ("Pat Example", "pat@example.com"),
        time: 1_800_000_000 + Int64(commits.count))
      try writer.finish()
      try updateMain(repository, to: commit, from: head)
      commits.append(commit)
      head = commit
    }
    return commits
  }

  /// Moves `main`, trying again while `git gc` holds the references' lock.
  static func updateMain(_ repository: Repository, to commit: ObjectID, from head: ObjectID?) throws {
    for attempt in 0..<200 {
      do {
        return try repository.updateReference("refs/heads/main", to: commit, expected: head, logMessage: "test")
      } catch let error as GitError where error.isConcurrentUpdate && attempt < 199 {
        usleep(5_000)
      }
    }
  }

  /// Every pack passes `git verify-pack -v`, and the repository `git fsck --strict`.
  static func verify(_ repo: TemporaryRepository) throws {
    let folder = repo.path + "/objects/pack"
    for index in try FileManager.default.contentsOfDirectory(atPath: folder).filter({ $0.hasSuffix(".idx") }) {
      let verify = try repo.git(["verify-pack", "-v", "objects/pack/" + index], check: false)
      #expect(verify.status == 0, "\(index): \(verify.transcript)")
    }
    let fsck = try repo.git(["fsck", "--strict", "--no-progress"], check: false)
    #expect(fsck.status == 0, "\(fsck.transcript)")
  }

  /// What `main` holds, as git reads it: path to blob bytes, through `git cat-file --batch`.
  static func expectMain(_ repo: TemporaryRepository, holds expected: [String: [UInt8]]) throws {
    let listing = try repo.git(["ls-tree", "-r", "--name-only", "main"]).stdout.split(separator: "\n").map(String.init)
    #expect(listing.sorted() == expected.keys.sorted())
    for path in expected.keys.sorted().prefix(40) {
      let id = ObjectID.hashBlob(expected[path]!)
      #expect(try repo.git(["rev-parse", "main:" + path]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == id.hex, "\(path)")
    }
  }

  @Test("random object sets and trees, one pack per commit, merged in levels: verify-pack and fsck --strict pass", arguments: [1, 2, 3])
  func randomSets(seed: UInt64) throws {
    var random = SeededRandom(seed: seed)
    let repo = try TemporaryRepository(bare: true)
    let repository = try Repository.open(at: repo.path)
    let stack = try PackStack(repository: repository, fanIn: 4)
    var expected: [String: [UInt8]] = [:]
    let commits = try Self.randomCommits(repository, stack: stack, count: 40, random: &random, expected: &expected)
    stack.close()
    try Self.verify(repo)
    try Self.expectMain(repo, holds: expected)
    #expect(try repo.git(["rev-list", "--count", "main"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(commits.count)")

    // A large batch through the one-pack writer: every object of the random set, in one pack.
    let writer = try PackObjectWriter(repository: repository)
    var ids: [ObjectID] = []
    for _ in 0..<300 { ids.append(try writer.write(random.content(), type: .blob)) }
    ids.append(try writer.writeIncompressible(random.noise(200_000), type: .blob))
    try writer.finish()
    for id in ids.shuffled(using: &random).prefix(20) {
      #expect(try repo.git(["cat-file", "-e", id.hex], check: false).status == 0, "\(id)")
    }
    try Self.verify(repo)
  }

  @Test("git gc running meanwhile: the writer's commits, merges and removals go on, and fsck --strict passes", arguments: [4, 100_000])
  func concurrentGC(fanIn: Int) throws {
    var random = SeededRandom(seed: 7)
    let repo = try TemporaryRepository(bare: true)
    let repository = try Repository.open(at: repo.path)
    let stack = try PackStack(repository: repository, background: true, fanIn: fanIn)
    let done = Locked(false)
    let gc = Thread {
      while !done.value {
        _ = try? repo.git(["gc", "--quiet"], check: false)
        usleep(20_000)
      }
    }
    gc.start()
    var expected: [String: [UInt8]] = [:]
    var head: ObjectID?
    var reopened = repository
    for _ in 0..<6 {
      let commits = try Self.randomCommits(reopened, stack: stack, count: 12, random: &random, from: head, expected: &expected)
      head = commits.last
      // Packs gone (merged away, or repacked by gc): a handle that listed them is opened again.
      reopened = try Repository.open(at: repo.path)
    }
    done.mutate { $0 = true }
    while !gc.isFinished { usleep(10_000) }
    stack.close()
    try Self.verify(repo)
    try Self.expectMain(repo, holds: expected)
    #expect(try repo.git(["rev-list", "--count", "main"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "72")
  }

  @Test("a reader looking objects up through libgit2 while packs are merged and removed finds every one")
  func readerWhileMerging() throws {
    var random = SeededRandom(seed: 11)
    let repo = try TemporaryRepository(bare: true)
    let repository = try Repository.open(at: repo.path)
    let stack = try PackStack(repository: repository, background: true, fanIn: 4)
    let written = Locked<[(ObjectID, [UInt8])]>([])
    let done = Locked(false)
    let failures = Locked<[String]>([])
    let lookups = Locked(0)
    let reader = Thread {
      var handle = try? Repository.open(at: repo.path)
      var removed = stack.removed
      while !done.value {
        let known = written.value
        guard let (id, bytes) = known.randomElement() else {
          usleep(1_000)
          continue
        }
        // As the SCIM server does: a handle that may have listed removed packs is opened again.
        if stack.removed != removed {
          removed = stack.removed
          handle = try? Repository.open(at: repo.path)
        }
        do {
          guard let handle else { throw TestFailure("no handle") }
          let read = try handle.blob(id)
          if read != bytes { failures.mutate { $0.append("\(id): other bytes") } }
        } catch {
          // Listed a pack removed since: one reopen must find it.
          handle = try? Repository.open(at: repo.path)
          if (try? handle?.blob(id)) != bytes { failures.mutate { $0.append("\(id): \(error)") } }
        }
        lookups.mutate { $0 += 1 }
      }
    }
    reader.start()
    var head: ObjectID?
    var writing = repository
    for round in 0..<8 {
      let writer = BatchPackWriter(stack: stack)
      var editor = TreeEditor()
      var blobs: [(ObjectID, [UInt8])] = []
      for index in 0..<10 {
        let bytes = random.content()
        let id = try writer.write(bytes, type: .blob)
        editor.set("r\(round % 3)/f\(index).txt", to: id)
        blobs.append((id, bytes))
      }
      let tree = try editor.write(base: try head.map { try writing.commit($0).tree }, repository: writing, writer: writer)
      let commit = try writer.writeCommit(
        tree: tree, parents: head.map { [$0] } ?? [], message: "\(round)\n", author: ("T", "t@example.com"), time: 1_800_000_000)
      try writer.finish()
      try Self.updateMain(writing, to: commit, from: head)
      head = commit
      written.mutate { $0 += blobs }
      if round % 3 == 2 { writing = try Repository.open(at: repo.path) }
      usleep(30_000)
    }
    var ignored: [String: [UInt8]] = [:]
    for _ in 0..<24 {
      let more = try Self.randomCommits(writing, stack: stack, count: 1, random: &random, from: head, expected: &ignored)
      head = more.last
      if stack.removed > 0 { writing = try Repository.open(at: repo.path) }
    }
    stack.close()
    usleep(100_000)
    done.mutate { $0 = true }
    while !reader.isFinished { usleep(10_000) }
    #expect(failures.value.isEmpty, "\(failures.value.prefix(5))")
    #expect(lookups.value > 0)
    #expect(stack.removed > 0, "packs were merged away while the reader read")
    try Self.verify(repo)
  }

  @Test("an index records offsets past 2 GiB in its large-offset table, as git reads them")
  func largeOffsetTable() throws {
    var random = SeededRandom(seed: 3)
    let offsets: [UInt64] = [12, 0x7FFF_FFFF, 0x8000_0000, 0x1_2345_6789, 0x80_0000_0000]
    let records = offsets.map { PackFormat.Record(id: random.id(), offset: $0, crc: UInt32(truncatingIfNeeded: $0)) }
    let checksum = [UInt8](repeating: 0xAB, count: 20)
    let index = PackFormat.index(records: records, packChecksum: checksum)
    let parsed = try PackIndexReader(index)
    #expect(parsed.count == records.count)
    for record in records {
      #expect(parsed.offset(of: record.id) == record.offset, "\(record.id)")
      #expect(parsed.crc(of: record.id) == record.crc)
    }
    #expect(parsed.largeOffsets == 3, "the three offsets from 2 GiB on, in the 64-bit table")
    #expect(index.count == 8 + 1024 + 5 * 28 + 3 * 8 + 40)
    #expect(Array(index[(index.count - 40)..<(index.count - 20)]) == checksum)
    let trailer = index.withUnsafeBytes { PackFormat.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<(index.count - 20)])) }
    #expect(Array(index.suffix(20)) == trailer)
  }

  @Test(
    "a pack past 2 GiB (three 720 MiB blobs): verify-pack and fsck --strict pass (PEOPLESYNC_LARGE_PACK_TEST=1, ~2.1 GiB on disk)",
    .enabled(if: ProcessInfo.processInfo.environment["PEOPLESYNC_LARGE_PACK_TEST"] == "1"))
  func packPastTwoGiB() throws {
    let repo = try TemporaryRepository(bare: true)
    let repository = try Repository.open(at: repo.path)
    let writer = try PackObjectWriter(repository: repository)
    var random = SeededRandom(seed: 5)
    let block = random.noise(1 << 20)
    var editor = TreeEditor()
    for number in 0..<3 {
      // A mebibyte of noise repeated, behind a distinct first line: stored as it is (it would not shrink).
      var bytes = Array("blob \(number)\n".utf8)
      bytes.reserveCapacity(720 << 20 + 16)
      for _ in 0..<720 { bytes += block }
      editor.set("large/\(number).bin", to: try writer.writeIncompressible(bytes, type: .blob))
    }
    let tree = try editor.write(base: nil, repository: repository, writer: writer)
    try writer.finish()
    let commit = try repository.createCommit(tree: tree, parents: [], message: "large\n", author: ("T", "t@example.com"), time: 1)
    try repository.updateReference("refs/heads/main", to: commit, expected: nil, logMessage: "test")
    let folder = repo.path + "/objects/pack"
    let index = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".idx") })
    let parsed = try PackIndexReader([UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/" + index))))
    #expect(parsed.largeOffsets >= 1, "the third blob starts past 2 GiB")
    let verify = try repo.git(["verify-pack", "-v", "objects/pack/" + index], check: false)
    #expect(verify.status == 0, "\(verify.transcript.suffix(2000))")
    try Self.verify(repo)
  }
}
