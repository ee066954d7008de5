import Foundation
import PeopleSyncCore
import TestSupport
import Testing

/// One person walked through time with the real binary and a real repository: what git holds
/// after each sync, and a working tree that follows.
@Suite("lifecycle end to end")
struct LifecycleEndToEndTests {
  let frankPath = DirectoryEntry.path(tenant: "globex", id: HashedPersonIdentifier().id(for: .employeeID("G002"), tenant: "globex"))

  func frank(_ email: String, title: String, hire: String = "2021-06-14", termination: String = "") -> String {
    "Frank Grimes,\(email),G002,Operations,\(title),\(hire),hank.scorpio@globex.example,,Springfield,\(termination)"
  }

  /// Ingests the globex file with Frank's row replaced (or removed), then syncs on `asOf`.
  @discardableResult
  func step(_ repo: TemporaryRepository, frank row: String?, asOf: String, expect summary: String) throws -> String {
    var rows = try Globex.rows()
    if let row { rows[1] = row } else { rows.remove(at: 1) }
    let file = try repo.scratchFile("people_\(asOf).csv", Globex.csv(rows))
    let ingest = try repo.peoplesync(["ingest", "--tenant", "globex", "--file", file])
    #expect(ingest.status == 0, "\(ingest.transcript)")
    let sync = try repo.expectRun(["sync", "--as-of", asOf])
    #expect(sync.stdout.contains(summary), "\(asOf): \(sync.stdout)")
    try repo.expectFsck()
    #expect(try repo.git(["status", "--porcelain"]).stdout.isEmpty, "the working tree follows the commits")
    return try #require(try repo.show("main", frankPath))
  }

  @Test("hire, update, email change, scheduled and reached termination, rehire, absence, purge")
  func walkThroughTime() throws {
    let repo = try TemporaryRepository.withExamples(tenants: ["globex"])
    try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    var entry = try #require(try repo.show("main", frankPath))
    #expect(entry.contains("\"status\": \"active\"") && entry.contains("\"title\": \"Safety Inspector\""))

    entry = try step(repo, frank: frank("frank.grimes@globex.example", title: "Senior Inspector"), asOf: "2026-11-30", expect: "1 updated")
    #expect(entry.contains("\"title\": \"Senior Inspector\""))

    entry = try step(repo, frank: frank("frank.g@globex.example", title: "Senior Inspector"), asOf: "2026-12-01", expect: "updated")
    #expect(entry.contains("\"email\": \"frank.g@globex.example\""), "an email change keeps the entry (same path)")

    let leaving = frank("frank.g@globex.example", title: "Senior Inspector", termination: "2026-12-10")
    entry = try step(repo, frank: leaving, asOf: "2026-12-02", expect: "1 updated")
    #expect(entry.contains("\"status\": \"active\"") && entry.contains("\"terminationDate\": \"2026-12-10\""))
    let plan = try json(try repo.expectRun(["plan", "--as-of", "2026-12-09", "--format", "json"]).stdout)
    let scheduled = (plan["tenants"] as? [[String: Any]])?.first?["scheduled"] as? [[String: Any]]
    #expect(scheduled?.contains { $0["kind"] as? String == "termination" && $0["date"] as? String == "2026-12-10" } == true)

    entry = try step(repo, frank: leaving, asOf: "2026-12-10", expect: "1 deprovisioned")
    #expect(entry.contains("\"status\": \"deprovisioned\"") && entry.contains("\"deprovisionReason\": \"terminated\""))
    #expect(entry.contains("\"fullName\": \"Frank Grimes\""), "personal data kept through the quarantine")

    let rehired = frank("frank.g@globex.example", title: "Inspector", hire: "2026-12-12", termination: "2026-12-10")
    entry = try step(repo, frank: rehired, asOf: "2026-12-12", expect: "1 reactivated")
    #expect(entry.contains("\"status\": \"active\"") && entry.contains("\"title\": \"Inspector\""))

    entry = try step(repo, frank: nil, asOf: "2026-12-20", expect: "1 deprovisioned")
    #expect(entry.contains("\"deprovisionReason\": \"absent\""))

    let purged = try repo.expectRun(["sync", "--as-of", "2026-12-27"])
    #expect(purged.stdout.contains("1 purged"))
    entry = try #require(try repo.show("main", frankPath))
    #expect(!entry.contains("Frank") && !entry.contains("frank") && !entry.contains("G002"))
    #expect(entry.contains("\"status\": \"purged\""))
    try repo.expectFsck()

    let history = try repo.expectRun(["log", "--tenant", "globex", "--person", String(frankPath.split(separator: "/").last!.dropLast(5))])
    for kind in ["purge", "deprovision", "reactivate", "update", "provision"] { #expect(history.stdout.contains(kind)) }
    try repo.expectRun(["sync", "--as-of", "2027-01-31"])
    #expect(try repo.show("main", frankPath) == entry, "nothing happens after the purge")
  }
}
