import Foundation
import GitKit
import TestSupport
import Testing

@testable import PeopleSyncApp

/// The watch against a real repository moved by the real `git`, as another process would.
@Suite("Branch watch")
struct BranchWatchTests {
  let repository: TemporaryRepository
  let handle: Repository
  let keys: TemporaryDirectory
  let watch: BranchWatch

  init() throws {
    repository = try TemporaryRepository()
    try repository.write("a.txt", "a")
    try repository.commitAll("first")
    let handle = try Repository.open(at: repository.path)
    self.handle = handle
    keys = try TemporaryDirectory()
    watch = try BranchWatch(commonDirectory: handle.commonDirectory, branch: "refs/heads/main", keystore: keys.path) {
      try handle.referenceTarget("refs/heads/main")
    }
  }

  /// What one check reported.
  func check() throws -> [String] {
    var changes: [String] = []
    try watch.check(readHead: { try handle.referenceTarget("refs/heads/main") }) { change in
      switch change {
      case .branch(let head, _): changes.append("branch \(head?.short ?? "gone")")
      case .keystore: changes.append("keystore")
      }
    }
    return changes
  }

  /// A commit on top of main that the branch does not point at yet, as the server's committer makes one.
  func unpublishedCommit() throws -> (base: ObjectID, commit: ObjectID) {
    let base = try #require(ObjectID(hex: try repository.head()))
    let tree = try repository.git(["rev-parse", "main^{tree}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let made = try repository.git(["commit-tree", tree, "-p", base.hex, "-m", "ours"]).stdout.trimmingCharacters(
      in: .whitespacesAndNewlines)
    return (base, try #require(ObjectID(hex: made)))
  }

  @Test("nothing changed: nothing to do; another process's commit: seen at the next check, once")
  func foreignCommit() throws {
    #expect(try check().isEmpty)
    try repository.write("b.txt", "b")
    try repository.commitAll("second")
    #expect(try check() == ["branch \(try repository.head().prefix(10))"])
    #expect(try check().isEmpty)
  }

  @Test("the server's own commit, announced before the branch moves, is not another process's")
  func ownCommit() throws {
    let (base, commit) = try unpublishedCommit()
    watch.publishing(from: base, to: commit)
    try repository.git(["update-ref", "refs/heads/main", commit.hex, base.hex])
    #expect(try check().isEmpty)
  }

  @Test("the server's own commit, once published, costs the next checks no read of the branch")
  func publishedCommit() throws {
    let (base, commit) = try unpublishedCommit()
    watch.publishing(from: base, to: commit)
    try repository.git(["update-ref", "refs/heads/main", commit.hex, base.hex])
    watch.published(commit)
    var reads = 0
    try watch.check(readHead: {
      reads += 1
      return try handle.referenceTarget("refs/heads/main")
    }) { _ in Issue.record("no refresh is due") }
    #expect(reads == 0)
  }

  @Test("another process's commit right after the server's own, before it is published, is still seen")
  func foreignCommitRightAfterOwn() throws {
    let (base, commit) = try unpublishedCommit()
    watch.publishing(from: base, to: commit)
    try repository.git(["update-ref", "refs/heads/main", commit.hex, base.hex])
    try repository.write("b.txt", "b")
    try repository.commitAll("a revocation, say")
    watch.published(commit)
    #expect(try check() == ["branch \(try repository.head().prefix(10))"])
  }

  @Test("the server's own commits in quick succession: a check that reads one already followed by the next is not misled")
  func ownCommitsInQuickSuccession() throws {
    let (base, first) = try unpublishedCommit()
    watch.publishing(from: base, to: first)
    try repository.git(["update-ref", "refs/heads/main", first.hex, base.hex])
    let tree = try repository.git(["rev-parse", "main^{tree}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let made = try repository.git(["commit-tree", tree, "-p", first.hex, "-m", "ours again"]).stdout
    let second = try #require(ObjectID(hex: made.trimmingCharacters(in: .whitespacesAndNewlines)))
    // Announced, and the branch not moved to it yet: the check reads the first.
    watch.publishing(from: first, to: second)
    #expect(try check().isEmpty)
    try repository.git(["update-ref", "refs/heads/main", second.hex, first.hex])
    #expect(try check().isEmpty)
  }

  @Test("another process's commit with the server's own made on top before any check is still seen")
  func ownCommitOnAForeignOne() throws {
    try repository.write("b.txt", "b")
    try repository.commitAll("a revocation, say")
    let (base, commit) = try unpublishedCommit()
    watch.publishing(from: base, to: commit)
    try repository.git(["update-ref", "refs/heads/main", commit.hex, base.hex])
    #expect(try check() == ["branch \(commit.short)"])
    #expect(try check().isEmpty)
  }

  @Test("packing the references moves nothing; a packed branch moved again is seen")
  func packedReferences() throws {
    try repository.git(["pack-refs", "--all"])
    #expect(try check().isEmpty)
    try repository.write("b.txt", "b")
    try repository.commitAll("second")
    #expect(try check() == ["branch \(try repository.head().prefix(10))"])
  }

  @Test("a branch in a folder of its own that packing removes is still watched when git makes it again")
  func nestedBranch() throws {
    try repository.git(["branch", "team/main"])
    let watch = try BranchWatch(commonDirectory: handle.commonDirectory, branch: "refs/heads/team/main", keystore: keys.path) {
      try handle.referenceTarget("refs/heads/team/main")
    }
    var changes = 0
    func check() throws {
      try watch.check(readHead: { try handle.referenceTarget("refs/heads/team/main") }) { _ in changes += 1 }
    }
    try repository.git(["pack-refs", "--all"])
    try check()
    #expect(changes == 0)
    let (base, commit) = try unpublishedCommit()
    try repository.git(["update-ref", "refs/heads/team/main", commit.hex, base.hex])
    try check()
    #expect(changes == 1)
  }

  @Test("the keystore, once watched, is reported when it changes; a refresh that fails is tried again")
  func keystoreAndFailures() throws {
    try keys.write("tenant.keys", "keys")
    #expect(try check().isEmpty, "not watched yet")
    watch.watchKeystore()
    #expect(try check() == ["keystore"], "a folder newly watched counts as changed")
    #expect(try check().isEmpty)
    // A folder's modification time may tick only every few milliseconds.
    usleep(50_000)
    try keys.write("other.keys", "new keys")
    struct Failure: Error {}
    #expect(throws: Failure.self) { try watch.check(readHead: { nil }) { _ in throw Failure() } }
    #expect(try check() == ["keystore"])
    #expect(try check().isEmpty)
  }
}
