import Foundation
import TestSupport
import Testing

/// Rules through the built binary: groups and roles in history, the safeguard, `explain`, `upcoming`.
@Suite("rules end to end")
struct RulesEndToEndTests {
  /// The acme example, plain, synced on 2026-11-29.
  static func repository(encrypted: Bool = false) throws -> TemporaryRepository {
    let repo = try TemporaryRepository()
    var config = try String(contentsOf: Paths.packageRoot.appendingPathComponent("tenants/acme/tenant.json"), encoding: .utf8)
    if !encrypted {
      config = config.replacingOccurrences(
        of: #""quarantineDays": 14,"#, with: #""quarantineDays": 14, "encryption": { "enabled": false },"#)
    }
    try repo.write("tenants/acme/tenant.json", config)
    try repo.commitAll("Add acme")
    let csv = try String(contentsOf: Paths.packageRoot.appendingPathComponent("tenants/acme/sources/hr.csv"), encoding: .utf8)
    try repo.expectRun(["ingest", "--tenant", "acme", "--file", try repo.scratchFile("hr.csv", csv)])
    try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    return repo
  }

  @Test("a rule that would exclude more people than the safeguard allows: those deprovisions are held, the rest committed, exit 4")
  func exclusionTripsTheSafeguard() throws {
    let repo = try Self.repository()
    let config = URL(fileURLWithPath: repo.workTree).appendingPathComponent("tenants/acme/tenant.json")
    let text = try String(contentsOf: config, encoding: .utf8)
    try text.replacingOccurrences(
      of: #""field": "Employment Type", "is": "Contractor""#, with: #""field": "department", "oneOf": ["Sales", "Support"]"#
    )
    .write(to: config, atomically: true, encoding: .utf8)
    try repo.commitAll("Exclude Sales and Support")
    let head = try repo.head()
    let sync = try repo.peoplesync(["sync", "--as-of", "2026-11-30"])
    #expect(sync.status == 4, "\(sync.transcript)")
    #expect(sync.stdout.contains("safeguard") || sync.stderr.contains("safeguard"), "\(sync.transcript)")
    // The contractors the replaced rule excluded are provisioned; the held people stay as they are.
    #expect(try repo.head() != head)
    let message = try repo.git(["log", "-1", "--format=%B"]).stdout
    #expect(message.contains("provisioned") && message.contains("Held by the safeguard") && message.contains("PeopleSync-Held-Count: "))
    let plan = try json(try repo.peoplesync(["plan", "--as-of", "2026-11-30", "--format", "json"]).stdout)
    let tenant = try #require((plan["tenants"] as? [[String: Any]])?.first)
    #expect((tenant["changes"] as? [Any])?.isEmpty == true, "the rest was committed")
    let deprovisions = (tenant["safeguard"] as? [String: Any])?["held"] as? [[String: Any]] ?? []
    #expect(deprovisions.allSatisfy { ($0["reason"] as? String)?.hasPrefix("excluded by rule") == true }, "\(deprovisions)")
    #expect(deprovisions.count > 3)
    let overridden = try repo.expectRun(["sync", "--as-of", "2026-11-30", "--override-safeguard"])
    #expect(overridden.stdout.contains("deprovisioned"))
  }

  @Test("log shows role and group changes; diff shows who joined and left each group")
  func history() throws {
    let repo = try Self.repository()
    var rows = try EncryptionEndToEndTests.acmeRows()
    rows.removeAll { $0.hasPrefix("Alan Turing,") }  // he managed people: his reports lose their manager, he leaves people-managers
    try repo.expectRun(["ingest", "--tenant", "acme", "--file", try repo.scratchFile("next.csv", rows.joined(separator: "\r\n") + "\r\n")])
    let before = try repo.head()
    try repo.expectRun(["sync", "--as-of", "2026-11-30"])
    let diff = try repo.expectRun(["diff", before, "main", "--tenant", "acme"]).stdout
    #expect(diff.contains("~ group       people-managers updated: 1 left"), "\(diff)")
    #expect(diff.contains("- alan.turing@acme.example"), "\(diff)")
    let log = try repo.expectRun(["log", "--tenant", "acme", "--person", "alan.turing@acme.example"]).stdout
    #expect(log.contains("role: organizer → —") && log.contains("groups: emea, people-managers → —"), "\(log)")
    let ada = try repo.expectRun(["log", "--tenant", "acme", "--person", "A1000"]).stdout
    #expect(ada.contains("role: — → organizer") && ada.contains("groups: — → people-managers"), "\(ada)")
    try repo.expectFsck()
  }

  @Test("explain names the column, the rule or the warning behind each value")
  func explain() throws {
    let repo = try Self.repository()
    let zoe = try repo.expectRun(["explain", "--tenant", "acme", "--person", "zoe.adeyemi@acme.example", "--as-of", "2026-11-29"]).stdout
    #expect(zoe.contains("location                Berlin"), "\(zoe)")
    #expect(zoe.contains("set by rule 'Location from the office code' ($.rules[2])"), "\(zoe)")
    #expect(zoe.contains("has 'Paris', not a configured location"), "\(zoe)")
    #expect(zoe.contains("added by rule 'EMEA' ($.rules[4])"), "\(zoe)")
    #expect(zoe.contains("tenants/acme/sources/hr.csv:16, column Office"), "the renamed custom column: \(zoe)")
    #expect(zoe.contains("is up to date"), "\(zoe)")

    let contractor = try repo.expectRun(["explain", "--tenant", "acme", "--person", "A1007", "--as-of", "2026-11-29"]).stdout
    #expect(contractor.contains("excluded by rule 'Contractors are not synced'"), "\(contractor)")

    let orphan = try json(
      try repo.expectRun([
        "explain", "--tenant", "acme", "--person", "aiko.tanaka@acme.example", "--format", "json", "--as-of", "2026-11-29",
      ])
      .stdout)
    let fields = try #require(orphan["fields"] as? [[String: Any]])
    let manager = try #require(fields.first { $0["field"] as? String == "managerEmail" })
    #expect(manager["value"] is NSNull)
    #expect((manager["origin"] as? String)?.contains("not an active person in the directory") == true, "\(manager)")

    // By person id; and someone no snapshot or entry knows.
    let id = try #require(orphan["id"] as? String)
    #expect(try repo.expectRun(["explain", "--tenant", "acme", "--person", id, "--as-of", "2026-11-29"]).stdout.contains("aiko.tanaka"))
    let unknown = try repo.peoplesync(["explain", "--tenant", "acme", "--person", "nobody@acme.example"])
    #expect(unknown.status == 5 && unknown.stderr.contains("no person 'nobody@acme.example'"), "\(unknown.transcript)")
  }

  @Test("explain reads encrypted entries with the keystore, and says what the next sync changes")
  func explainEncrypted() throws {
    let repo = try Self.repository(encrypted: true)
    var rows = try EncryptionEndToEndTests.acmeRows()
    rows[2] = rows[2].replacingOccurrences(of: "Sales Engineer", with: "Principal Sales Engineer")
    try repo.expectRun(["ingest", "--tenant", "acme", "--file", try repo.scratchFile("next.csv", rows.joined(separator: "\r\n") + "\r\n")])
    let grace = try repo.expectRun(["explain", "--tenant", "acme", "--person", "A1001", "--as-of", "2026-11-30"]).stdout
    #expect(grace.contains("the next sync will update the entry"), "\(grace)")
    #expect(grace.contains("title: Sales Engineer → Principal Sales Engineer"), "\(grace)")
  }

  @Test("upcoming lists terminations, the purges they lead to, and hires about to be provisioned")
  func upcoming() throws {
    let repo = try Self.repository()
    let text = try repo.expectRun(["upcoming", "--days", "40", "--as-of", "2026-11-29"]).stdout
    #expect(
      text.contains(
        """
          2026-12-18  termination         ingrid.berg@acme.example
          2026-12-28  hire (provisioned)  mei.chen@acme.example
          2027-01-01  purge               ingrid.berg@acme.example
        """), "\(text)")
    let short = try json(try repo.expectRun(["upcoming", "--days", "20", "--as-of", "2026-11-29", "--format", "json"]).stdout)
    let events = ((short["tenants"] as? [[String: Any]])?.first?["events"] as? [[String: Any]]) ?? []
    #expect(events.map { $0["kind"] as? String } == ["termination"], "\(events)")
    #expect(try repo.peoplesync(["upcoming"]).status == 2)
  }
}
