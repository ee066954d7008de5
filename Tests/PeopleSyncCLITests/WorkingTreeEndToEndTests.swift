import Foundation
import TestSupport
import Testing

/// A clone with the branch checked out, as CI's checkout and a platform engineer's clone have it:
/// after every sync `git status` is clean, a user's edit survives, and a sync killed while it
/// updates the files is finished by the next one.
@Suite("working tree end to end", .serialized)
struct WorkingTreeEndToEndTests {
  static func person(_ n: Int, title: String = "Technician") -> String {
    "Person \(n),p\(n)@globex.example,G\(10_000 + n),Operations,\(title),2020-01-01,,,Springfield,"
  }

  /// globex with `count` people, ingested and synced in a non-bare repository.
  static func checkout(_ count: Int) throws -> TemporaryRepository {
    let repo = try TemporaryRepository.withExamples(tenants: ["globex"])
    try ingest(repo, (1...count).map { person($0) }, "day0")
    let sync = try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    #expect(sync.stdout.contains("\(count) provisioned"), "\(sync.stdout)")
    return repo
  }

  static func ingest(_ repo: TemporaryRepository, _ rows: [String], _ name: String) throws {
    try repo.expectRun(["ingest", "--tenant", "globex", "--file", try repo.scratchFile("\(name).csv", Globex.csv(rows))])
  }

  static func expectClean(_ repo: TemporaryRepository, _ when: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let status = try repo.git(["status", "--porcelain", "--untracked-files=all"]).stdout
    #expect(status.isEmpty, "\(when): \(status.prefix(400))", sourceLocation: sourceLocation)
    // The files are the commit's, byte for byte (not only "clean" by stat data).
    let diff = try repo.git(["diff", "--stat", "HEAD"]).stdout
    #expect(diff.isEmpty, "\(when): \(diff.prefix(400))", sourceLocation: sourceLocation)
  }

  @Test("git status is clean after the initial import of every entry, a sync of 1 change and one of 6,000")
  func cleanAfterEverySync() throws {
    let repo = try Self.checkout(7_000)
    try Self.expectClean(repo, "after importing 7,000")
    var rows = (1...7_000).map { Self.person($0) }
    rows[10] = Self.person(11, title: "Lead")
    try Self.ingest(repo, rows, "one")
    #expect(try repo.expectRun(["sync", "--as-of", "2026-11-30"]).stdout.contains("1 updated"))
    try Self.expectClean(repo, "after 1 change")
    rows = (1...7_000).map { Self.person($0, title: $0 <= 6_000 ? "Senior" : "Technician") }
    rows[10] = Self.person(11, title: "Senior")
    try Self.ingest(repo, rows, "many")
    #expect(try repo.expectRun(["sync", "--as-of", "2026-12-01"]).stdout.contains("6000 updated"))
    try Self.expectClean(repo, "after 6,000 changes")
    try repo.expectFsck()
  }

  @Test("a user's uncommitted edit of a directory file survives a sync that changes that file; status shows only the edit")
  func userEditSurvives() throws {
    let repo = try Self.checkout(20)
    let paths = try repo.git(["ls-files", "tenants/globex/directory/people"]).stdout.split(separator: "\n").map(String.init)
    let edited = try #require(paths.first { (try? repo.show("HEAD", $0))?.contains("\"employeeId\": \"G10005\"") == true })
    let file = URL(fileURLWithPath: repo.path).appendingPathComponent(edited)
    let mine = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "Technician", with: "Edited by hand")
    try mine.write(to: file, atomically: true, encoding: .utf8)
    var rows = (1...20).map { Self.person($0) }
    rows[4] = Self.person(5, title: "Chief")
    rows[5] = Self.person(6, title: "Chief")
    try Self.ingest(repo, rows, "day1")
    try repo.expectRun(["sync", "--as-of", "2026-11-30"])
    #expect(try String(contentsOf: file, encoding: .utf8) == mine, "the user's edit was overwritten")
    let status = try repo.git(["status", "--porcelain"]).stdout
    #expect(status == " M \(edited)\n", "\(status)")
    #expect(try repo.show("HEAD", edited)?.contains("\"title\": \"Chief\"") == true)
  }

  @Test("a sync killed (SIGKILL) while it updates the files: the next sync brings git status back to clean")
  func killedWhileUpdatingFiles() throws {
    let strace = "/usr/bin/strace"
    try #require(FileManager.default.isExecutableFile(atPath: strace), "strace kills the sync at a chosen system call")
    let repo = try Self.checkout(3_000)
    let before = try repo.head()
    try Self.ingest(repo, (1...3_000).map { Self.person($0, title: "Senior") }, "day1")
    let ingested = try repo.head()
    // Each replaced file is written beside it and renamed over it: the 1,500th rename is halfway.
    let killed = try Shell.run(
      [
        strace, "-f", "-qq", "-o", "/dev/null", "-e", "inject=rename:signal=SIGKILL:when=1500", Paths.peoplesync, "sync", "--as-of",
        "2026-11-30", "--repo", repo.path,
      ],
      in: repo.folder.path, environment: repo.environment)
    #expect(killed.status != 0, "\(killed.transcript)")
    let head = try repo.head()
    #expect(head != ingested && head != before, "the sync commit was published before the files")
    let status = try repo.git(["status", "--porcelain"]).stdout
    #expect(!status.isEmpty, "killed halfway, some files are behind")
    #expect(FileManager.default.fileExists(atPath: repo.path + "/.git/peoplesync/worktree"), "the journal says what to finish")

    let next = try repo.expectRun(["sync", "--as-of", "2026-11-30"])
    #expect(next.stdout.contains("no changes"), "\(next.stdout)")
    try Self.expectClean(repo, "after the next sync")
    #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/peoplesync/worktree"))
    try repo.expectFsck()
  }
}
