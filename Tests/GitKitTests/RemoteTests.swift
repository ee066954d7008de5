import Foundation
import TestSupport
import Testing

@testable import GitKit

@Suite("remote")
struct RemoteTests {
  /// A bare remote with one commit on main, a clone of it, and a second commit in another clone.
  struct Setup {
    let folder: TemporaryDirectory
    var remote: String { folder.path + "/remote.git" }
    var clone: String { folder.path + "/clone" }

    init() throws {
      folder = try TemporaryDirectory()
      try git(["init", "-q", "--bare", "-b", "main", folder.path + "/remote.git"])
      try git(["clone", "-q", folder.path + "/remote.git", folder.path + "/seed"])
      try git(["-C", folder.path + "/seed", "commit", "-q", "--allow-empty", "-m", "first"])
      try git(["-C", folder.path + "/seed", "push", "-q", "origin", "HEAD:main"])
      try git(["clone", "-q", folder.path + "/remote.git", folder.path + "/clone"])
    }

    /// Commits in the seed clone and pushes it with git; returns the new head.
    func moveRemote() throws -> String {
      try git(["-C", folder.path + "/seed", "commit", "-q", "--allow-empty", "-m", "elsewhere"])
      try git(["-C", folder.path + "/seed", "push", "-q", "origin", "HEAD:main"])
      return try git(["-C", remote, "rev-parse", "main"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    func git(_ arguments: [String]) throws -> ProcessResult {
      let result = try Shell.run(["git"] + arguments)
      guard result.status == 0 else { throw TestFailure("git \(arguments): \(result.transcript)") }
      return result
    }

    /// A commit on top of `parent` in the clone, made with libgit2.
    func commit(on parent: ObjectID, in repository: Repository) throws -> ObjectID {
      try repository.createCommit(
        tree: try repository.commit(parent).tree, parents: [parent], message: "ours\n", author: ("T", "t@example.com"), time: 1_700_000_000)
    }
  }

  @Test("a local remote takes a push only while its branch is the commit it was fetched at (compare-and-swap)")
  func localPushIsCompareAndSwap() throws {
    let setup = try Setup()
    let repository = try Repository.open(at: setup.clone)
    let remote = try Remote.open("origin", in: repository)
    let fetched = try #require(try remote.fetch(branch: "refs/heads/main", credentials: nil))
    let ours = try setup.commit(on: fetched, in: repository)
    let moved = try setup.moveRemote()

    let stale = try remote.push(ours, to: "refs/heads/main", expected: fetched, credentials: nil)
    guard case .rejected(let reason) = stale else { Issue.record("a stale push was taken"); return }
    #expect(reason.contains("not at \(fetched.short) as fetched"), "\(reason)")
    #expect(try setup.git(["-C", setup.remote, "rev-parse", "main"]).stdout.hasPrefix(moved))

    let head = try #require(try remote.fetch(branch: "refs/heads/main", credentials: nil))
    #expect(head.hex == moved)
    #expect(try repository.referenceTarget("refs/remotes/origin/main") == head)
    let again = try setup.commit(on: head, in: repository)
    #expect(try remote.push(again, to: "refs/heads/main", expected: head, credentials: nil) == .pushed)
    #expect(try setup.git(["-C", setup.remote, "rev-parse", "main"]).stdout.hasPrefix(again.hex))
    #expect(try repository.referenceTarget("refs/remotes/origin/main") == again)
    #expect(try setup.git(["-C", setup.remote, "fsck", "--strict", "--no-progress"]).status == 0)
  }

  @Test("a branch the remote does not have fetches as nil; a non-bare local remote is refused; an unknown name is named")
  func edges() throws {
    let setup = try Setup()
    let repository = try Repository.open(at: setup.clone)
    let remote = try Remote.open("origin", in: repository)
    #expect(try remote.fetch(branch: "refs/heads/nothing", credentials: nil) == nil)
    let head = try #require(try remote.fetch(branch: "refs/heads/main", credentials: nil))
    let nonBare = try Remote.open(setup.folder.path + "/seed", in: repository)
    #expect(nonBare.name == nil)
    #expect(throws: RemoteError.self) {
      try nonBare.push(try setup.commit(on: head, in: repository), to: "refs/heads/main", expected: head, credentials: nil)
    }
    #expect(throws: RemoteError.self) { try Remote.open("upstream", in: repository) }
  }

  @Test("local URLs are told from ssh and network ones; passwords in URLs are not shown")
  func urls() {
    #expect(Remote.localPath("/srv/state.git") == "/srv/state.git")
    #expect(Remote.localPath("../state.git") == "../state.git")
    #expect(Remote.localPath("file:///srv/my%20state.git") == "/srv/my state.git")
    #expect(Remote.localPath("file://localhost/srv/state.git") == "/srv/state.git")
    for url in ["git@github.com:example/state.git", "ssh://git@host/state.git", "https://host/state.git", "git://host/state.git"] {
      #expect(Remote.localPath(url) == nil, "\(url)")
    }
    #expect(Remote.redacted("https://bot:s3cret@host/state.git") == "https://bot:***@host/state.git")
    #expect(Remote.redacted("https://bot@host/state.git") == "https://bot@host/state.git")
  }
}
