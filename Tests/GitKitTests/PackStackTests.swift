import Foundation
import GitKit
import TestSupport
import Testing

/// One pack per commit, merged as they accumulate (`BatchPackWriter`, `PackStack`), checked by the real `git`.
@Suite("batch packs")
struct PackStackTests {
  /// Commits `count` times on `main`, each adding one file and changing a shared one, one pack each.
  static func commitChain(_ repository: Repository, stack: PackStack, count: Int, from parent: ObjectID? = nil, start: Int = 0) throws
    -> [ObjectID]
  {
    var commits: [ObjectID] = []
    var head = parent
    for index in start..<start + count {
      let writer = BatchPackWriter(stack: stack)
      var editor = TreeEditor()
      editor.set("people/\(index % 7)/person-\(index).json", to: try writer.write(Array("{\"n\": \(index)}\n".utf8), type: .blob))
      editor.set("count.txt", to: try writer.write(Array("\(index)\n".utf8), type: .blob))
      let base = try head.map { try repository.commit($0).tree }
      let tree = try editor.write(base: base, repository: repository, writer: writer)
      let commit = try writer.writeCommit(
        tree: tree, parents: head.map { [$0] } ?? [], message: "write \(index)\n", author: ("Pat Example", "pat@example.com"),
        time: 1_800_000_000 + Int64(index))
      try writer.finish()
      try repository.updateReference("refs/heads/main", to: commit, expected: head, logMessage: "test")
      commits.append(commit)
      head = commit
    }
    return commits
  }

  static func packs(_ repo: TemporaryRepository) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: repo.path + "/objects/pack").filter { $0.hasSuffix(".pack") }.sorted()
  }

  @Test("a chain of commits, one pack each, passes git fsck --strict and reads back with git; merged packs keep every object once")
  func chain() throws {
    let repo = try TemporaryRepository(bare: true)
    var repository = try Repository.open(at: repo.path)
    let stack = try PackStack(repository: repository, fanIn: 8)
    var commits: [ObjectID] = []
    // Reopened now and then, as the SCIM committer does once packs were merged away.
    for round in 0..<4 {
      commits += try Self.commitChain(repository, stack: stack, count: 19, from: commits.last, start: round * 19)
      repository = try Repository.open(at: repo.path)
    }
    #expect(try repo.git(["fsck", "--strict", "--no-progress"], check: false).status == 0)
    #expect(try repo.git(["rev-parse", "main"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == commits.last!.hex)
    let log = try repo.git(["log", "--format=%an <%ae> %at %s", "main"]).stdout.split(separator: "\n")
    #expect(log.count == 76)
    #expect(log.first == "Pat Example <pat@example.com> 1800000075 write 75")
    #expect(try repo.git(["cat-file", "blob", "main:people/5/person-75.json"]).stdout == "{\"n\": 75}\n")
    #expect(try repo.git(["cat-file", "blob", "main~30:count.txt"]).stdout == "45\n")
    #expect(try repo.git(["ls-tree", "-r", "--name-only", "main"]).stdout.split(separator: "\n").count == 77, "76 people and the count")

    // Merged-away packs are removed a few dozen at a time; until then their objects are in two packs, which git accepts.
    #expect(try Self.packs(repo).count > stack.count)
    stack.removeRetired()
    #expect(try repo.git(["fsck", "--strict", "--no-progress"], check: false).status == 0)
    // 76 commits in base 8: one pack of level 2 holds 64, one of level 1 eight, then four of level 0 (76 = 64 + 8 + 4).
    let packs = try Self.packs(repo)
    #expect(packs.count == stack.count)
    #expect(stack.count == 1 + 1 + 4)
    var deltas = 0
    for pack in packs {
      let verify = try repo.git(["verify-pack", "-v", "objects/pack/" + pack.replacingOccurrences(of: ".pack", with: ".idx")])
      let lines = verify.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
      let ids = lines.compactMap { $0.first?.count == 40 ? $0.first : nil }
      #expect(Set(ids).count == ids.count, "\(pack): every object once")
      // "<id> <type> <size> <size in pack> <offset> <depth> <base id>" for a delta.
      let chained = lines.filter { $0.count == 7 && $0[0].count == 40 }
      deltas += chained.count
      #expect(chained.allSatisfy { $0[1] == "tree" && (Int($0[5]) ?? 99) <= 50 }, "\(pack): only trees are deltas, in short chains")
    }
    #expect(deltas > 10, "merged packs keep successive versions of a tree as deltas: \(deltas)")
    // Commits 64-71 are in the pack of level 1: there the newest version of people/ (main~4's) is
    // whole, and the one before it (main~5's) a delta against it, as git repacks.
    let newest = try repo.git(["rev-parse", "main~4:people"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let older = try repo.git(["rev-parse", "main~5:people"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    var lines: [[Substring]] = []
    for pack in packs {
      let verify = try repo.git(["verify-pack", "-v", "objects/pack/" + pack.replacingOccurrences(of: ".pack", with: ".idx")])
      lines += verify.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
    }
    #expect(lines.first { $0.first.map(String.init) == newest }?.count == 5, "the newest version is whole")
    #expect(lines.first { $0.first.map(String.init) == older }?.last.map(String.init) == newest, "the older one a delta against it")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: repo.path + "/objects/pack").filter { $0.hasPrefix("tmp_") }
    #expect(leftovers.isEmpty)
    #expect(try repo.git(["count-objects", "-v"]).stdout.contains("count: 0"), "no loose object")
  }

  @Test("a large tree (over 64 KiB) growing a few entries a commit is kept as small deltas that git reads back")
  func largeTreeDeltas() throws {
    let repo = try TemporaryRepository(bare: true)
    let repository = try Repository.open(at: repo.path)
    let stack = try PackStack(repository: repository, fanIn: 8)
    var head: ObjectID?
    let blob = try BatchPackWriter(stack: stack).write(Array("x\n".utf8), type: .blob)
    for commit in 0..<8 {
      let writer = BatchPackWriter(stack: stack)
      _ = try writer.write(Array("x\n".utf8), type: .blob)
      var editor = TreeEditor()
      // 3,000 names in the first commit, then three more a commit at the start, middle and end.
      let names = commit == 0 ? (0..<3000).map { String(format: "m%06d.json", $0 * 10) } : ["a\(commit)", "m01500\(commit)", "z\(commit)"]
      for name in names { editor.set("big/" + name, to: blob) }
      let base = try head.map { try repository.commit($0).tree }
      let tree = try editor.write(base: base, repository: repository, writer: writer)
      let made = try writer.writeCommit(
        tree: tree, parents: head.map { [$0] } ?? [], message: "\(commit)\n", author: ("T", "t@example.com"), time: 1_800_000_000)
      try writer.finish()
      try repository.updateReference("refs/heads/main", to: made, expected: head, logMessage: "test")
      head = made
    }
    stack.removeRetired()
    #expect(try repo.git(["fsck", "--strict", "--no-progress"], check: false).status == 0)
    #expect(try repo.git(["ls-tree", "--name-only", "main:big"]).stdout.split(separator: "\n").count == 3000 + 7 * 3)
    let packs = try Self.packs(repo)
    #expect(packs.count == 1)
    let verify = try repo.git(["verify-pack", "-v", "objects/pack/" + packs[0].replacingOccurrences(of: ".pack", with: ".idx")]).stdout
    let lines: [[Substring]] = verify.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
    // "<id> tree <delta size> <size in pack> <offset> <depth> <base>": the only trees to change in
    // place are the versions of big/ (the root's one entry changes whole).
    let deltas: [Int] = lines.filter { $0.count == 7 && $0[1] == "tree" }.map { Int($0[3])! }
    #expect(deltas.count == 7, "each later version of the big tree is a delta")
    #expect(deltas.allSatisfy { $0 < 500 }, "of a few hundred bytes: \(deltas)")
    let size = try FileManager.default.attributesOfItem(atPath: repo.path + "/objects/pack/" + packs[0])[.size] as? Int ?? 0
    #expect(size < 2 * 125_000, "one whole version of the 120 KB tree, and deltas: \(size) bytes")
  }

  @Test("packs the stack did not write are never merged nor removed")
  func foreignPacks() throws {
    let repo = try TemporaryRepository(bare: true)
    let repository = try Repository.open(at: repo.path)
    let first = try Self.commitChain(repository, stack: try PackStack(repository: repository, fanIn: 8), count: 3)
    let before = try Self.packs(repo)
    #expect(before.count == 3)
    // A second writer (a restarted server): the first one's packs are not its own.
    let second = try PackStack(repository: repository, fanIn: 8)
    _ = try Self.commitChain(repository, stack: second, count: 16, from: first.last)
    second.removeRetired()
    let after = try Self.packs(repo)
    #expect(Set(before).isSubset(of: Set(after)))
    #expect(after.count == 3 + 2, "the second writer's sixteen packs merged into two")
    #expect(try repo.git(["fsck", "--strict", "--no-progress"], check: false).status == 0)
  }

  @Test("merged on a thread of their own, the packs end as the writer's own merging leaves them, and git reads them")
  func background() throws {
    let repo = try TemporaryRepository(bare: true)
    var repository = try Repository.open(at: repo.path)
    let stack = try PackStack(repository: repository, background: true, fanIn: 8)
    var commits: [ObjectID] = []
    for round in 0..<5 {
      commits += try Self.commitChain(repository, stack: stack, count: 14, from: commits.last, start: round * 14)
      // Packs may have gone meanwhile: a handle that listed them is opened again, as the committer does.
      repository = try Repository.open(at: repo.path)
      #expect(try repo.git(["cat-file", "-e", "main~3:count.txt"], check: false).status == 0)
    }
    stack.close()
    // 70 commits in base 8: one pack of level 2 (64) and six of level 0.
    #expect(stack.count == 7)
    #expect(try Self.packs(repo).count == 7)
    #expect(try repo.git(["fsck", "--strict", "--no-progress"], check: false).status == 0)
    #expect(try repo.git(["rev-list", "--count", "main"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "70")
  }

  @Test("packs consolidated by git gc meanwhile are forgotten, and commits go on")
  func gcMeanwhile() throws {
    let repo = try TemporaryRepository(bare: true)
    let repository = try Repository.open(at: repo.path)
    let stack = try PackStack(repository: repository, fanIn: 8)
    let first = try Self.commitChain(repository, stack: stack, count: 5)
    _ = try repo.git(["gc", "--quiet", "--prune=now"])
    #expect(try Self.packs(repo).count == 1, "git gc made one pack of the five")
    // The next merge would read the five packs gc removed.
    let reopened = try Repository.open(at: repo.path)
    _ = try Self.commitChain(reopened, stack: stack, count: 12, from: first.last)
    stack.removeRetired()
    #expect(try repo.git(["fsck", "--strict", "--no-progress"], check: false).status == 0)
    #expect(try repo.git(["rev-list", "--count", "main"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "17")
    #expect(try Self.packs(repo).count == stack.count + 1, "gc's pack and the stack's own")
  }

  @Test("a commit's author may not hold what git forbids")
  func author() throws {
    let repo = try TemporaryRepository(bare: true)
    let repository = try Repository.open(at: repo.path)
    let writer = BatchPackWriter(stack: try PackStack(repository: repository, fanIn: 8))
    let tree = try writer.write([], type: .tree)
    #expect(throws: GitError.self) {
      try writer.writeCommit(tree: tree, parents: [], message: "x\n", author: ("Eve <eve@example.com>", "x@example.com"), time: 0)
    }
    #expect(throws: GitError.self) {
      try writer.writeCommit(tree: tree, parents: [], message: "x\n", author: ("Eve", "eve@example.com>\n"), time: 0)
    }
  }

  @Test("tree edits keep other entries' modes, and names sort as git sorts them")
  func treeOrder() throws {
    let repo = try TemporaryRepository()
    try repo.write("tool.sh", "#!/bin/sh\n")
    try repo.write("foo/inside.txt", "inside\n")
    _ = try repo.commitAll("base")
    _ = try repo.git(["update-index", "--chmod=+x", "tool.sh"])
    _ = try repo.git(["commit", "-qm", "executable"])
    let repository = try Repository.open(at: repo.path)
    let head = try repository.resolveCommit("HEAD")
    let writer = try LooseObjectWriter(repository: repository)
    let blob = try writer.write(Array("x\n".utf8), type: .blob)
    var editor = TreeEditor()
    // Around the folder "foo": "foo.txt" and "foo-bar" sort before it ('.' and '-' < '/'), "foo0" after.
    for name in ["foo0", "foo.txt", "foo-bar", "fo", "a/b/c"] { editor.set(name, to: blob) }
    let tree = try editor.write(base: try repository.commit(head).tree, repository: repository, writer: writer)
    let commit = try repository.createCommit(tree: tree, parents: [head], message: "edit\n", author: ("T", "t@example.com"), time: 1)
    try repository.updateReference("refs/heads/edited", to: commit, expected: nil, logMessage: "test")
    #expect(try repo.git(["fsck", "--strict", "--no-progress"], check: false).status == 0, "trees in git's order")
    let listing = try repo.git(["ls-tree", "edited"]).stdout
    #expect(listing.contains("100755 blob") && listing.contains("\ttool.sh"), "the executable stays executable: \(listing)")
    let names = listing.split(separator: "\n").map { $0.split(separator: "\t").last.map(String.init) ?? "" }
    #expect(names == ["a", "fo", "foo-bar", "foo.txt", "foo", "foo0", "tool.sh"])
    #expect(TreeItem.precedes(Array("foo.txt".utf8), false, Array("foo".utf8), true))
    #expect(!TreeItem.precedes(Array("foo".utf8), true, Array("foo.txt".utf8), false))
    #expect(TreeItem.precedes(Array("foo".utf8), false, Array("foo.txt".utf8), false))
  }
}
