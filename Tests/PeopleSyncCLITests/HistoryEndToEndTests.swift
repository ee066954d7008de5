import Foundation
import TestSupport
import Testing

@Suite("ingest, diff and log end to end")
struct HistoryEndToEndTests {
  @Test("a person's life through ingest and sync, seen by diff and log")
  func lifeThroughCommits() throws {
    let repo = try TemporaryRepository.withExamples(tenants: ["globex"])
    let base = try Globex.rows()
    var rows = base
    try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    let first = try repo.head()

    // Ingesting the same content commits nothing.
    let same = try repo.expectRun(["ingest", "--tenant", "globex", "--file", try repo.scratchFile("same.csv", Globex.csv(rows))])
    #expect(same.stdout.contains("already holds this content"))
    #expect(try repo.head() == first)

    // Frank changes title and email (same Employee ID); Mindy gets a termination date that is reached.
    rows[1] =
      "Frank Grimes,frank.g@globex.example,G002,Operations,Chief Safety Inspector,2021-06-14,hank.scorpio@globex.example,,Springfield,"
    rows[4] = rows[4] + "2026-11-30"
    try repo.expectRun(["ingest", "--tenant", "globex", "--file", try repo.scratchFile("day1.csv", Globex.csv(rows))])
    #expect(try repo.git(["log", "-1", "--format=%s"]).stdout.hasPrefix("ingest globex/hr: day1.csv"))
    #expect(try repo.show("main", "tenants/globex/sources/hr.csv") == Globex.csv(rows), "committed as received")
    let sync = try repo.expectRun(["sync", "--as-of", "2026-11-30"])
    // Lenny and Carl still name Frank by his old email: their manager is blanked, with a warning.
    #expect(sync.stdout.contains("3 updated, 1 deprovisioned"))
    #expect(sync.stdout.contains("frank.grimes@globex.example' is not an active person"))

    let diff = try json(try repo.expectRun(["diff", first, "main", "--format", "json"]).stdout)
    let summary = try #require(diff["summary"] as? [String: Any])
    #expect(summary["update"] as? Int == 3)
    #expect(summary["deprovision"] as? Int == 1)
    let tenant = try #require((diff["tenants"] as? [[String: Any]])?.first)
    #expect((tenant["inputChanges"] as? [String]) == ["tenants/globex/sources/hr.csv"])
    let text = try repo.expectRun(["diff", first, "main"]).stdout
    #expect(text.contains("email: frank.grimes@globex.example → frank.g@globex.example"))
    #expect(text.contains("title: Safety Inspector → Chief Safety Inspector"))
    try repo.expectRun(["diff", first, "main", "--exit-code"], status: 1)
    try repo.expectRun(["diff", "main", "main", "--exit-code"], status: 0)

    // The log finds Frank by his new email, his old one is not needed, and by Employee ID.
    for query in ["frank.g@globex.example", "G002", "FRANK.G@globex.example"] {
      let log = try repo.expectRun(["log", "--tenant", "globex", "--person", query]).stdout
      #expect(log.contains("2 changes"), "\(query): \(log)")
      #expect(log.contains("provision"))
      #expect(log.contains("Chief Safety Inspector"))
    }
    let mindy = try json(
      try repo.expectRun(["log", "--tenant", "globex", "--person", "mindy.simmons@globex.example", "--format", "json"]).stdout)
    let kinds = (mindy["events"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
    #expect(kinds == ["deprovision", "provision"])
    try repo.expectRun(["log", "--tenant", "globex", "--person", "nobody@globex.example"], status: 5)
    try repo.expectFsck()
  }

  @Test("ingest refuses an unreadable file and commits nothing")
  func ingestRefusesUnreadable() throws {
    let repo = try TemporaryRepository.withExamples(tenants: ["globex"])
    let head = try repo.head()
    let result = try repo.expectRun(
      ["ingest", "--tenant", "globex", "--file", try repo.scratchFile("bad.csv", "Name,Mail\nx,y\n")], status: 3)
    #expect(result.stderr.contains("bad.csv:1"))
    #expect(result.stderr.contains("missing required columns 'Full Name', 'Email'"))
    #expect(try repo.head() == head)
  }
}
