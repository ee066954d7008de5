import Foundation
import TestSupport
import Testing

/// How a clone reaches its remote in these tests.
enum Transport: String, CaseIterable, Sendable {
  /// A path to a bare repository (`origin` as `git clone /path` sets it): libgit2 fetches it as
  /// files; peoplesync pushes there with a compare-and-swap of its own.
  case path
  /// The same repository named by a `file://` URL on the command line.
  case fileURL
  /// `git daemon` on 127.0.0.1: git's receive-pack takes the push and runs the remote's hooks.
  case gitDaemon
}

/// A remote, how clones reach it, and what `--push` is given.
struct PushSetup {
  let remote: StateRemote
  let daemon: GitDaemon?
  let transport: Transport

  init(_ transport: Transport, tenants: [String]? = nil) throws {
    self.transport = transport
    remote = try StateRemote(tenants: tenants)
    daemon = transport == .gitDaemon ? try GitDaemon(serving: remote.folder) : nil
  }

  func clone(_ name: String) throws -> Clone { try remote.clone(name, from: daemon?.url("repo")) }

  /// `--push` with the remote `origin` (path, git://) or a `file://` URL.
  var push: [String] { transport == .fileURL ? ["--push", "file://" + remote.path] : ["--push"] }
}

/// Runs `peoplesync` in each clone at once, each with its own arguments.
func together(_ clones: [Clone], _ arguments: [[String]]) throws -> [ProcessResult] {
  nonisolated(unsafe) var results = [ProcessResult?](repeating: nil, count: clones.count)
  onThreads(clones.count) { index in results[index] = try? clones[index].peoplesync(arguments[index]) }
  return try results.map { try #require($0) }
}

/// The commit ids a `sync` run says it committed.
func reportedCommits(_ output: String) -> [String] {
  output.matches(of: /committed ([0-9a-f]{7,40})/).map { String($0.1) }
}

@Suite("sync --push")
struct PushEndToEndTests {
  static let day = "2026-11-29"

  @Test(
    "commits each tenant on the remote's branch and pushes it; the clone follows; a second run pushes nothing",
    arguments: Transport.allCases)
  func pushes(_ transport: Transport) throws {
    let setup = try PushSetup(transport)
    let clone = try setup.clone("ci")
    let first = try clone.peoplesync(["sync", "--as-of", Self.day] + setup.push)
    #expect(first.status == 0, "\(first.transcript)")
    #expect(first.stdout.components(separatedBy: "; pushed to ").count == 4, "\(first.stdout)")
    let pushed = try setup.remote.pushed()
    #expect(
      try pushed.map { try setup.remote.subject($0).components(separatedBy: ":")[0] } == ["sync acme", "sync globex", "sync initech"])
    #expect(Set(reportedCommits(first.stdout)).count == 3)
    for commit in reportedCommits(first.stdout) { #expect(pushed.contains { $0.hasPrefix(commit) }, "\(commit) is not on the remote") }
    #expect(try clone.head() == setup.remote.head())
    if transport != .fileURL {
      #expect(try clone.git(["rev-parse", "refs/remotes/origin/main"]).stdout.hasPrefix(try setup.remote.head()))
    }
    #expect(try clone.status().isEmpty)
    try setup.remote.expectSound()

    let head = try setup.remote.head()
    let second = try clone.peoplesync(["sync", "--as-of", Self.day] + setup.push)
    #expect(second.status == 0 && !second.stdout.contains("pushed to") && second.stdout.contains("no changes"), "\(second.transcript)")
    #expect(try setup.remote.head() == head)
  }

  @Test("a clone behind the remote is fast-forwarded and planned on the remote's head; one with commits the remote lacks is refused")
  func localBranchPolicy() throws {
    let setup = try PushSetup(.path, tenants: ["globex"])
    let clone = try setup.clone("old")
    // A new snapshot reaches the remote after the clone was made.
    let snapshot = try Self.newGlobexSnapshot(setup.remote)
    try setup.remote.repository.commitAll("globex: a new hire")
    let behind = try clone.peoplesync(["sync", "--as-of", Self.day] + setup.push)
    #expect(behind.status == 0, "\(behind.transcript)")
    let sync = try setup.remote.head()
    #expect(try setup.remote.parent(sync) != setup.remote.start)
    #expect(try setup.remote.subject(setup.remote.parent(sync)) == "globex: a new hire")
    let found = try setup.remote.repository.git(["grep", "-l", snapshot, "main", "--", "tenants/globex/directory"], check: false)
    #expect(found.status == 0, "\(found.transcript)")
    #expect(try clone.head() == sync)
    let status = try clone.status()
    #expect(status.isEmpty, "\(status)")
    try setup.remote.expectSound()

    try clone.git(["commit", "-q", "--allow-empty", "-m", "a local change nobody pushed"])
    let ahead = try clone.peoplesync(["sync", "--as-of", "2026-12-01"] + setup.push)
    #expect(ahead.status == 5, "\(ahead.transcript)")
    #expect(ahead.stderr.contains("main has 1 commit that origin/main does not"), "\(ahead.stderr)")
    #expect(ahead.stderr.contains("never rebases") && ahead.stderr.contains("git push origin main"))
    #expect(try setup.remote.head() == sync)
  }

  @Test(
    "two pushers on two tenants at once: both commits land on one line, the later planned on the earlier",
    arguments: [Transport.path, .gitDaemon])
  func twoPushers(_ transport: Transport) throws {
    let setup = try PushSetup(transport)
    // Both pushes are received together; the remote takes one, and the other must plan again.
    if transport == .gitDaemon { try setup.remote.hook("pre-receive", "#!/bin/sh\nsleep 1\n") }
    let clones = [try setup.clone("one"), try setup.clone("two")]
    let results = try together(clones, ["globex", "initech"].map { ["sync", "--tenant", $0, "--as-of", Self.day] + setup.push })
    for result in results { #expect(result.status == 0 && result.stdout.contains("; pushed to "), "\(result.transcript)") }
    let pushed = try setup.remote.pushed()
    #expect(try Set(pushed.map { try setup.remote.subject($0).components(separatedBy: ":")[0] }) == ["sync globex", "sync initech"])
    #expect(pushed.count == 2)
    if pushed.count == 2 { #expect(try setup.remote.parent(pushed[1]) == pushed[0]) }
    for commit in results.flatMap({ reportedCommits($0.stdout) }) { #expect(pushed.contains { $0.hasPrefix(commit) }, "lost: \(commit)") }
    if transport == .gitDaemon {
      let retried = results.filter { $0.stderr.contains("did not take sync") }
      #expect(retried.count == 1, "\(results.map(\.transcript))")
      #expect(retried.first?.stdout.contains("at attempt 2") == true)
    }
    try setup.remote.expectSound()
  }

  @Test("three pushers syncing every tenant at once: each tenant committed once, no commit lost", arguments: [Transport.path, .gitDaemon])
  func threePushers(_ transport: Transport) throws {
    let setup = try PushSetup(transport)
    if transport == .gitDaemon { try setup.remote.hook("pre-receive", "#!/bin/sh\nsleep 0.5\n") }
    let clones = try (0..<3).map { try setup.clone("pusher\($0)") }
    let results = try together(clones, Array(repeating: ["sync", "--as-of", Self.day] + setup.push, count: 3))
    for result in results { #expect(result.status == 0, "\(result.transcript)") }
    let pushed = try setup.remote.pushed()
    #expect(
      try pushed.map { try setup.remote.subject($0).components(separatedBy: ":")[0] }.sorted() == [
        "sync acme", "sync globex", "sync initech",
      ])
    let reported = results.flatMap { reportedCommits($0.stdout) }
    #expect(reported.count == 3, "\(results.map(\.stdout))")
    for commit in reported { #expect(pushed.contains { $0.hasPrefix(commit) }, "lost: \(commit)") }
    if transport == .gitDaemon { #expect(results.contains { $0.stderr.contains("did not take sync") }) }
    try setup.remote.expectSound()
  }

  @Test("the remote moves to a new snapshot between our fetch and our push: rejected, fetched again, planned again on the snapshot")
  func remoteMovedWithNewSnapshot() throws {
    let setup = try PushSetup(.gitDaemon)
    let clone = try setup.clone("ci")
    // Another writer's new snapshot, ready on the remote but not yet on main.
    let other = try setup.remote.clone("other")
    let person = try Self.newGlobexSnapshot(other: other)
    try other.git(["commit", "-q", "-am", "globex: a new hire"])
    try other.git(["push", "-q", "origin", "HEAD:refs/race/next"])
    let next = try other.head()
    // While our push is received (after our fetch), main moves to it, once.
    try "".write(toFile: setup.remote.path + "/race-once", atomically: true, encoding: .utf8)
    try setup.remote.hook(
      "pre-receive",
      """
      #!/bin/sh
      if [ -f race-once ]; then
        rm race-once
        env -u GIT_QUARANTINE_PATH git update-ref refs/heads/main \(next) \(setup.remote.start)
      fi
      """)
    let result = try clone.peoplesync(["sync", "--tenant", "globex", "--as-of", Self.day] + setup.push)
    #expect(result.status == 0, "\(result.transcript)")
    #expect(result.stderr.contains("did not take sync globex (attempt 1 of 5"), "\(result.stderr)")
    #expect(result.stderr.contains("it moved to \(next.prefix(10))"), "\(result.stderr)")
    #expect(result.stdout.contains("pushed to origin/main at attempt 2"), "\(result.stdout)")
    #expect(!FileManager.default.fileExists(atPath: setup.remote.path + "/race-once"))
    let pushed = try setup.remote.pushed()
    #expect(pushed.count == 2 && pushed.first == next, "\(pushed)")
    #expect(try setup.remote.parent(setup.remote.head()) == next)
    let found = try setup.remote.repository.git(["grep", "-l", person, "main", "--", "tenants/globex/directory"], check: false)
    #expect(found.status == 0, "\(found.transcript)")
    #expect(try clone.head() == setup.remote.head() && clone.status().isEmpty)
    try setup.remote.expectSound()
  }

  @Test("a remote that refuses every push: 5 attempts, a clear error, exit 6, nothing pushed")
  func remoteAlwaysRefuses() throws {
    let setup = try PushSetup(.gitDaemon, tenants: ["globex"])
    try setup.remote.hook("update", "#!/bin/sh\necho 'the branch is frozen' >&2\nexit 1\n")
    let clone = try setup.clone("ci")
    let started = Date()
    let result = try clone.peoplesync(["sync", "--as-of", Self.day] + setup.push)
    #expect(result.status == 6, "\(result.transcript)")
    #expect(result.stderr.components(separatedBy: "did not take sync globex (attempt").count == 5, "\(result.stderr)")
    #expect(result.stderr.contains("did not take sync globex in 5 attempts") && result.stderr.contains("hook declined"), "\(result.stderr)")
    #expect(result.stderr.contains("nothing of sync globex was pushed"))
    #expect(Date().timeIntervalSince(started) < 60)
    #expect(try setup.remote.head() == setup.remote.start && clone.head() == setup.remote.start)
    #expect(try clone.status().isEmpty)
    try setup.remote.expectSound()
  }

  @Test("run-daily --push: the picked-up snapshot and the syncs are each pushed as they are committed")
  func runDailyPushes() throws {
    let setup = try PushSetup(.path, tenants: ["globex", "initech"])
    try FileManager.default.removeItem(atPath: setup.remote.repository.workTree + "/tenants/globex/sources")
    let remote = setup.remote
    try remote.repository.commitAll("globex: snapshots come from the drop")
    remote.start = try remote.head()
    let drops = remote.folder + "/drops"
    let uploads = drops + "/globex/uploads/hr_reports"
    try FileManager.default.createDirectory(atPath: uploads, withIntermediateDirectories: true)
    try Globex.csv(try Globex.rows()).write(toFile: uploads + "/people_report_2026-11-20.csv", atomically: false, encoding: .utf8)
    try FileManager.default.setAttributes(
      [.modificationDate: Date().addingTimeInterval(-3600)], ofItemAtPath: uploads + "/people_report_2026-11-20.csv")
    let clone = try setup.clone("host")
    let result = try clone.peoplesync(["run-daily", "--drops", drops, "--settle", "60", "--as-of", Self.day] + setup.push)
    #expect(result.status == 0, "\(result.transcript)")
    let subjects = try remote.pushed().map { try remote.subject($0).components(separatedBy: ":")[0] }
    #expect(subjects == ["ingest globex/hr", "sync globex", "sync initech"], "\(subjects)")
    #expect(try clone.head() == remote.head() && clone.status().isEmpty)
    try remote.expectSound()
  }

  /// Adds a person to globex's snapshot in the remote's scratch clone (not committed); returns their email.
  static func newGlobexSnapshot(_ remote: StateRemote) throws -> String {
    try remote.repository.write("tenants/globex/sources/hr.csv", Globex.csv(try Globex.rows() + [newHire]))
    return "nelson.muntz@globex.example"
  }

  /// The same in another clone's working tree.
  static func newGlobexSnapshot(other: Clone) throws -> String {
    try Globex.csv(try Globex.rows() + [newHire]).write(
      toFile: other.path + "/tenants/globex/sources/hr.csv", atomically: true, encoding: .utf8)
    return "nelson.muntz@globex.example"
  }

  static let newHire =
    "Nelson Muntz,nelson.muntz@globex.example,G042,Operations,Inspector,2024-02-01,hank.scorpio@globex.example,,Springfield,"
}
