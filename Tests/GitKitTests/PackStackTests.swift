import Foundation
import GitKit
import TestSupport
import Testing

/// One pack per commit, merged as they accumulate (`BatchPackWriter`, `PackStack`), checked by the real `git`.
@Suite("batch packs")
struct PackStackTests {
  /// Commits `count` times on `main`, each adding one file and changing a shared one, one pack each.
  static func commitChain(_ repository: Repository, stack: PackStack, count: Int, from parent: ObjectID? = nil) throws -> [ObjectID] {
    var commits: [ObjectID] = []
    var head = parent
    for index in 0..<count {
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
    let stack = try PackStack(repository: repository)
    var commits: [ObjectID] = []
    // Reopened now and then, as the SCIM committer does once packs were merged away.
    for _ in 0..<4 {
      commits += try Self.commitChain(repository, stack: stack, count: 19, from: commits.last)
      repository = try Repository.open(at: repo.path)
    }
    #expect(try repo.git(["fsck", "--strict", "--no-progress"], check: false).status == 0)
    #expect(try repo.git(["rev-parse", "main"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == commits.last!.hex)
    let log = try repo.git(["log", "--format=%an <%ae> %at %s", "main"]).stdout.split(separator: "\n")
    #expect(log.count == 76)
    #expect(log.first == "Pat Example <pat@example.com> 1800000018 write 18")
    #expect(try repo.git(["cat-file", "blob", "main:people/4/person-18.json"]).stdout == "{\"n\": 18}\n")
    #expect(try repo.git(["cat-file", "blob", "main~30:count.txt"]).stdout == "7\n")
    #expect(try repo.git(["ls-tree", "-r", "--name-only", "main"]).stdout.split(separator: "\n").count == 20, "19 people and the count")

    // Merged-away packs are removed a few dozen at a time; until then their objects are in two packs, which git accepts.
    #expect(try Self.packs(repo).count > stack.count)
    stack.removeRetired()
    #expect(try repo.git(["fsck", "--strict", "--no-progress"], check: false).status == 0)
    // 76 commits in base 8: one pack of level 2 holds 64, one of level 1 eight, then four of level 0 (76 = 64 + 8 + 4).
    let packs = try Self.packs(repo)
    #expect(packs.count == stack.count)
    #expect(stack.count == 1 + 1 + 4)
    for pack in packs {
      let verify = try repo.git(["verify-pack", "-v", "objects/pack/" + pack.replacingOccurrences(of: ".pack", with: ".idx")])
      let ids = verify.stdout.split(separator: "\n").compactMap { line -> Substring? in
        let id = line.split(separator: " ").first
        return id?.count == 40 ? id : nil
      }
      #expect(Set(ids).count == ids.count, "\(pack): every object once")
    }
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: repo.path + "/objects/pack").filter { $0.hasPrefix("tmp_") }
    #expect(leftovers.isEmpty)
    #expect(try repo.git(["count-objects", "-v"]).stdout.contains("count: 0"), "no loose object")
  }

  @Test("packs the stack did not write are never merged nor removed")
  func foreignPacks() throws {
    let repo = try TemporaryRepository(bare: true)
    let repository = try Repository.open(at: repo.path)
    let first = try Self.commitChain(repository, stack: try PackStack(repository: repository), count: 3)
    let before = try Self.packs(repo)
    #expect(before.count == 3)
    // A second writer (a restarted server): the first one's packs are not its own.
    let second = try PackStack(repository: repository)
    _ = try Self.commitChain(repository, stack: second, count: 16, from: first.last)
    second.removeRetired()
    let after = try Self.packs(repo)
    #expect(Set(before).isSubset(of: Set(after)))
    #expect(after.count == 3 + 2, "the second writer's sixteen packs merged into two")
    #expect(try repo.git(["fsck", "--strict", "--no-progress"], check: false).status == 0)
  }

  @Test("packs consolidated by git gc meanwhile are forgotten, and commits go on")
  func gcMeanwhile() throws {
    let repo = try TemporaryRepository(bare: true)
    let repository = try Repository.open(at: repo.path)
    let stack = try PackStack(repository: repository)
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
    let writer = BatchPackWriter(stack: try PackStack(repository: repository))
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
