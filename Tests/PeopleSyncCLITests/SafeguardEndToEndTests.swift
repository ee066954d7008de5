import Foundation
import PeopleSyncCore
import TestSupport
import Testing

/// Access ends on time: dated terminations always apply; the safeguard holds back only what looks
/// like an accident (people vanishing from a full snapshot), and everything else still commits.
@Suite("safeguard and leavers end to end")
struct SafeguardEndToEndTests {
  static let header = Globex.header

  /// Person `n` of the generated globex staff.
  static func person(_ n: Int, title: String = "Technician", termination: String = "") -> String {
    "Person \(n),p\(n)@globex.example,G\(1000 + n),Operations,\(title),2020-01-01,,,Springfield,\(termination)"
  }

  /// globex with `count` people, synced on 2026-11-29.
  static func staffed(_ count: Int = 40) throws -> TemporaryRepository {
    let repo = try TemporaryRepository.withExamples(tenants: ["globex"])
    try ingest(repo, (1...count).map { person($0) }, "day0")
    try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    return repo
  }

  static func ingest(_ repo: TemporaryRepository, _ rows: [String], _ name: String) throws {
    try repo.expectRun(["ingest", "--tenant", "globex", "--file", try repo.scratchFile("\(name).csv", Globex.csv(rows))])
  }

  @Test("a day when 30% of the people get termination dates: all deprovisioned in one sync, nothing held")
  func massTerminationsApply() throws {
    let repo = try Self.staffed()
    let rows = (1...40).map { $0 <= 12 ? Self.person($0, termination: "2026-11-30") : Self.person($0) }
    try Self.ingest(repo, rows, "reorganisation")
    let sync = try repo.expectRun(["sync", "--as-of", "2026-11-30"])
    #expect(sync.stdout.contains("12 deprovisioned") && !sync.stdout.contains("held"), "\(sync.stdout)")
    #expect(try repo.git(["log", "-1", "--format=%(trailers:key=PeopleSync-Held-Count,valueonly)"]).stdout.trimmed.isEmpty)
    try repo.expectFsck()
  }

  @Test(
    "a truncated file with 3 hires, 2 updates and 1 termination: the 6 changes commit, the absences are held and listed, exit 4; the next complete file releases them"
  )
  func truncatedFileHoldsOnlyTheAbsences() throws {
    let repo = try Self.staffed()
    let head = try repo.head()
    // Half the file is gone; what is left holds a day's real changes.
    var rows = (1...20).map { Self.person($0) }
    rows[0] = Self.person(1, title: "Senior Technician")
    rows[1] = Self.person(2, title: "Lead Technician")
    rows[2] = Self.person(3, termination: "2026-11-30")
    rows += (41...43).map { Self.person($0) }
    try Self.ingest(repo, rows, "truncated")

    let plan = try repo.expectRun(["plan", "--as-of", "2026-11-30"], status: 4)
    #expect(plan.stdout.contains("held by the safeguard") && plan.stdout.contains("p40@globex.example"), "\(plan.stdout)")
    let upcoming = try repo.expectRun(["upcoming", "--days", "7", "--as-of", "2026-11-30"], status: 4)
    #expect(upcoming.stdout.contains("held by the safeguard") && upcoming.stdout.contains("no longer in the hr snapshot"))

    let sync = try repo.expectRun(["sync", "--as-of", "2026-11-30"], status: 4)
    #expect(sync.stdout.contains("committed") && sync.stdout.contains("3 provisioned, 2 updated, 1 deprovisioned"), "\(sync.stdout)")
    #expect(sync.stdout.contains("held 20 deprovisions back"), "\(sync.stdout)")
    #expect(try repo.head() != head)
    let message = try repo.git(["log", "-1", "--format=%B"]).stdout
    #expect(message.contains("Held by the safeguard") && message.contains("p21@globex.example"), "\(message)")
    let held = SyncMessageTrailers.values(message, "PeopleSync-Held")
    #expect(held.count == 20 && SyncMessageTrailers.values(message, "PeopleSync-Held-Count") == ["20"], "\(message)")
    // The held are exactly as they were: active, in their groups.
    let person21 = try #require(try repo.show("main", EntryPath.globex(employeeID: "G1021")))
    #expect(person21.contains("\"status\": \"active\""))
    let status = try repo.expectRun(["status", "--as-of", "2026-11-30"], status: 4)
    #expect(
      status.stdout.contains("that sync held 20 deprovisions back") && status.stdout.contains("held by the safeguard"), "\(status.stdout)")
    // Run again the same day: still held, still exit 4 (a rerun is no "no changes" shortcut).
    try repo.expectRun(["sync", "--as-of", "2026-11-30"], status: 4)

    // The complete file comes the next day: the hold is released, nobody is deprovisioned.
    var complete = (1...43).map { Self.person($0) }
    complete[0] = Self.person(1, title: "Senior Technician")
    complete[1] = Self.person(2, title: "Lead Technician")
    complete[2] = Self.person(3, termination: "2026-11-30")
    try Self.ingest(repo, complete, "complete")
    let next = try repo.expectRun(["sync", "--as-of", "2026-12-01"])
    #expect(!next.stdout.contains("deprovisioned") && !next.stdout.contains("held"), "\(next.stdout)")
    try repo.expectRun(["status", "--as-of", "2026-12-01"])
    try repo.expectFsck()
  }

  @Test("the pull-request preview shows what the safeguard would hold and why")
  func previewShowsTheHold() throws {
    let repo = try Self.staffed()
    let base = try repo.head()
    try repo.write("tenants/globex/sources/hr.csv", Globex.csv((1...20).map { Self.person($0) }))
    let head = try repo.commitAll("A truncated export")
    let preview = try repo.expectRun(["plan", "--base", base, "--head", head, "--as-of", "2026-11-30", "--format", "markdown"], status: 4)
    #expect(preview.stdout.contains("The safeguard holds 20 deprovisions back"), "\(preview.stdout)")
    #expect(preview.stdout.contains("#### Held by the safeguard (20)"))
    #expect(!preview.stdout.contains("p21@globex.example"), "masked in a preview")
  }

  @Test("a row with a bad Picture URL and a reached termination: deprovisioned, the picture reported")
  func badOptionalValueDoesNotKeepALeaverActive() throws {
    let repo = try Self.staffed(5)
    var rows = (1...5).map { Self.person($0) }
    rows[1] =
      "Person 2,p2@globex.example,G1002,Operations,Technician,2020-01-01,,ftp://pictures.globex.example/p2.png,Springfield,2026-11-30"
    try Self.ingest(repo, rows, "leaver")
    let sync = try repo.expectRun(["sync", "--as-of", "2026-11-30"])
    #expect(sync.stdout.contains("1 deprovisioned"), "\(sync.stdout)")
    #expect(sync.stdout.contains("Picture URL: 'ftp://pictures.globex.example/p2.png' is not an http(s) URL; left blank"), "\(sync.stdout)")
    let entry = try #require(try repo.show("main", EntryPath.globex(employeeID: "G1002")))
    #expect(entry.contains("\"deprovisionReason\": \"terminated\""))
  }

  @Test(
    "a rejected row (malformed email) whose Employee ID is known and whose termination is reached deprovisions that person, and nothing else"
  )
  func rejectedRowStillTerminates() throws {
    let repo = try Self.staffed(5)
    var rows = (1...5).map { Self.person($0) }
    rows[1] = "Person 2 Renamed,p2 at globex,G1002,Operations,Boss,2020-01-01,,,Springfield,2026-11-30"
    rows[2] = "Person 3 Renamed,p3 at globex,G1003,Operations,Boss,2020-01-01,,,Springfield,2026-12-30"
    try Self.ingest(repo, rows, "rejected")
    let sync = try repo.expectRun(["sync", "--as-of", "2026-11-30"])
    #expect(sync.stdout.contains("1 deprovisioned") && !sync.stdout.contains("updated"), "\(sync.stdout)")
    let two = try #require(try repo.show("main", EntryPath.globex(employeeID: "G1002")))
    #expect(two.contains("\"status\": \"deprovisioned\"") && two.contains("\"deprovisionReason\": \"terminated\""), "\(two)")
    #expect(two.contains("\"fullName\": \"Person 2\"") && !two.contains("Boss"), "nothing else of the rejected row is used")
    let three = try #require(try repo.show("main", EntryPath.globex(employeeID: "G1003")))
    #expect(three.contains("\"status\": \"active\"") && !three.contains("Boss"), "a termination not reached changes nothing")
    let log = try repo.git(["log", "-1", "--format=%B"]).stdout
    #expect(log.contains("its row was rejected"), "\(log)")
  }
}

/// Paths of globex entries, as the product names them.
enum EntryPath {
  static func globex(employeeID: String) -> String {
    DirectoryEntry.path(tenant: "globex", id: HashedPersonIdentifier().id(for: .employeeID(employeeID), tenant: "globex"))
  }
}

/// Trailer values of a commit message, as git reads them.
enum SyncMessageTrailers {
  static func values(_ message: String, _ key: String) -> [String] {
    let paragraphs = message.trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: "\n\n")
    return (paragraphs.last ?? "").split(separator: "\n").compactMap { line in
      line.hasPrefix(key + ": ") ? String(line.dropFirst(key.count + 2)) : nil
    }
  }
}

extension String {
  var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
