import Foundation
import TestSupport
import Testing

/// The parsed-snapshot cache beside the repository saves time and never changes an outcome.
@Suite("parsed snapshot cache")
struct SnapshotCacheTests {
  static func cacheFile(_ repo: TemporaryRepository, _ tenant: String, _ source: String) -> URL {
    URL(fileURLWithPath: repo.path).appendingPathComponent(".git/peoplesync/snapshots/\(tenant).\(source)")
  }

  @Test("ingest leaves the parsed snapshot, sync reads it, and plans are the same with it, without it, and with a damaged one")
  func sameOutcome() throws {
    let repo = try TemporaryRepository.withExamples(tenants: ["globex"])
    var rows = try Globex.rows()
    rows.removeLast()
    try repo.expectRun(["ingest", "--tenant", "globex", "--file", try repo.scratchFile("fewer.csv", Globex.csv(rows))])
    let file = Self.cacheFile(repo, "globex", "hr")
    #expect(FileManager.default.fileExists(atPath: file.path))

    func plan() throws -> (json: String, timings: String) {
      let result = try repo.peoplesync(["plan", "--as-of", "2026-11-29", "--format", "json"], environment: ["PEOPLESYNC_TIMINGS": "1"])
      #expect(result.status == 0, "\(result.transcript)")
      return (result.stdout, result.stderr)
    }
    let cached = try plan()
    #expect(cached.timings.contains("timing: read the parsed tenants/globex/sources/hr.csv"), "\(cached.timings)")
    #expect(!cached.timings.contains("read, parse and validate"), "\(cached.timings)")

    try FileManager.default.removeItem(at: file)
    let fresh = try plan()
    #expect(fresh.timings.contains("read, parse and validate"))
    #expect(fresh.json == cached.json)

    // A damaged or foreign cache is read as none.
    for damage in [Data("PSSC\u{1}garbage".utf8), Data(repeating: 0, count: 4096)] {
      try damage.write(to: file)
      let damaged = try plan()
      #expect(damaged.json == cached.json)
      #expect(damaged.timings.contains("read, parse and validate"))
    }

    // The sync that had to parse leaves it again; the cache is for these settings only.
    try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    #expect(try plan().timings.contains("timing: read the parsed"))
    let config = try #require(try repo.show("HEAD", "tenants/globex/tenant.json"))
    try repo.write(
      "tenants/globex/tenant.json", config.replacingOccurrences(of: #""timeZone""#, with: #""customFields": ["Office"], "timeZone""#))
    _ = try repo.commitAll("Keep a custom field")
    #expect(try plan().timings.contains("read, parse and validate"))

    // A snapshot with a rejected row is not kept, and the one before it is deleted: it would
    // outlive the snapshot it was made from.
    try repo.write("tenants/globex/tenant.json", config)
    _ = try repo.commitAll("Back to no custom field")
    try repo.expectRun(["ingest", "--tenant", "globex", "--file", try repo.scratchFile("all.csv", Globex.csv(try Globex.rows()))])
    #expect(FileManager.default.fileExists(atPath: file.path))
    try repo.expectRun([
      "ingest", "--tenant", "globex", "--file",
      try repo.scratchFile("bad-row.csv", Globex.csv(try Globex.rows() + ["No Email,,G999,,,,,,,"])),
    ])
    #expect(!FileManager.default.fileExists(atPath: file.path))
  }

  @Test("an encrypted tenant's cache is sealed: no personal data in clear beside the repository either")
  func sealed() throws {
    let repo = try TemporaryRepository.withExamples(tenants: ["acme"])
    try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    // A new report, ingested: sealed in git, and its parsed form sealed beside it.
    let lines = try String(contentsOf: Paths.packageRoot.appendingPathComponent("tenants/acme/sources/hr.csv"), encoding: .utf8)
      .split(whereSeparator: \.isNewline)
    try repo.expectRun([
      "ingest", "--tenant", "acme", "--file", try repo.scratchFile("acme.csv", lines.dropLast().joined(separator: "\r\n") + "\r\n"),
    ])
    let file = Self.cacheFile(repo, "acme", "hr")
    let bytes = try Data(contentsOf: file)
    for secret in ["ada.lovelace@acme.example", "Lovelace"] {
      #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) in clear in the cache")
    }
    let again = try repo.peoplesync(["plan", "--as-of", "2026-11-29"], environment: ["PEOPLESYNC_TIMINGS": "1"])
    #expect(again.status == 0 && again.stderr.contains("timing: read the parsed"), "\(again.transcript)")
    let wrong = try repo.peoplesync(
      ["plan", "--as-of", "2026-11-29"], environment: ["PEOPLESYNC_MASTER_KEY": String(repeating: "01", count: 32)])
    #expect(wrong.status == 7, "\(wrong.transcript)")
  }

  @Test("a sync drops the parsed snapshots of tenants and sources taken out of the repository, and keeps the others")
  func pruned() throws {
    let repo = try TemporaryRepository.withExamples(tenants: ["globex", "initech"])
    try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    let folder = URL(fileURLWithPath: repo.path).appendingPathComponent(".git/peoplesync/snapshots")
    func cached() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() }
    #expect(try cached() == ["globex.hr"])
    // initech's rows are not all valid, so its snapshot is not cached: stand-ins, as a sync would leave them.
    for name in ["initech.legacy-hr", "globex.retired-source", ".globex.hr.123.tmp"] {
      try Data("cached".utf8).write(to: folder.appendingPathComponent(name))
    }
    try repo.expectRun(["sync", "--as-of", "2026-11-30", "--tenant", "globex"])
    #expect(try cached() == [".globex.hr.123.tmp", "globex.hr", "initech.legacy-hr"])

    try repo.git(["rm", "-r", "-q", "tenants/initech"])
    try repo.git(["commit", "-q", "-m", "Offboard initech"])
    try repo.expectRun(["sync", "--as-of", "2026-11-30", "--tenant", "globex"])
    #expect(try cached() == [".globex.hr.123.tmp", "globex.hr"])
  }
}
