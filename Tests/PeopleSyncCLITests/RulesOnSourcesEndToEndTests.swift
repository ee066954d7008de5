import Foundation
import TestSupport
import Testing

/// Rules on every kind of source, through the built binary: Workday and UKG Pro workers fetched
/// from a local server and synced get them like CSV rows.
@Suite("rules on Workday, UKG and SCIM people, end to end")
struct RulesOnSourcesEndToEndTests {
  static let asOf = "2026-11-29"

  /// An HR-system fixture tenant, its rules (one on a custom field the mapping fills, one on the
  /// department, one on direct reports, one exclusion), and the same rules as Swift predicates.
  enum Source: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case workday, ukg

    var testDescription: String { self == .workday ? "Workday" : "UKG Pro" }
    var tenant: String { self == .workday ? "wdco" : "ukgco" }

    func fixture(rules: Bool) throws -> FetchFixture {
      let edit: (inout String) -> Void = { if rules { Self.addRules(self.rules, to: &$0) } }
      return self == .workday ? try Workday.fixture(edit: edit) : try UKG.fixture(edit: edit)
    }

    /// The custom-field rule, the department rule and the exclusion differ by source; "All staff"
    /// comes first, so the exclusion must also take the excluded person out of a group.
    var rules: String {
      let (group, department, exclusion) =
        self == .workday
        ? (
          #"{ "name": "Cost centers 1xx", "when": { "field": "costCenter", "startsWith": "CC-1" }, "then": [{ "addToGroup": "cost-center-1xx" }] }"#,
          "Engineering",
          #"{ "name": "Interns are not synced", "when": { "field": "employeeType", "is": "Intern" }, "then": [{ "exclude": true }] }"#
        )
        : (
          #"{ "name": "German company", "when": { "field": "company", "is": "ACMEDE" }, "then": [{ "addToGroup": "germany" }] }"#, "ENG",
          #"{ "name": "Temporary staff are not synced", "when": { "field": "employeeType", "is": "TMP" }, "then": [{ "exclude": true }] }"#
        )
      return """
        [
            { "name": "All staff", "then": [{ "addToGroup": "all-staff" }] },
            \(group),
            { "name": "Engineering", "when": { "field": "department", "is": "\(department)" }, "then": [{ "addToGroup": "engineering" }] },
            { "name": "Managers", "when": { "field": "directReports", "greaterThan": 0 },
              "then": [{ "setRole": "manager" }, { "addToGroup": "people-managers" }] },
            \(exclusion)
          ]
        """
    }

    var exclusionName: String { self == .workday ? "Interns are not synced" : "Temporary staff are not synced" }

    /// What the rules should give, computed from the recorded payload.
    func expectation() throws -> RuleExpectation {
      let custom: (String) -> (PayloadWorker) -> String = { name in { $0.custom[name]?.lowercased() ?? "" } }
      let (group, inGroup, department, excluded): (String, (PayloadWorker) -> Bool, String, String) =
        self == .workday
        ? ("cost-center-1xx", { custom("costCenter")($0).hasPrefix("cc-1") }, "engineering", "intern")
        : ("germany", { custom("company")($0) == "acmede" }, "eng", "tmp")
      return RuleExpectation(
        self == .workday ? try PayloadWorker.workday() : try PayloadWorker.ukg(), asOf: RulesOnSourcesEndToEndTests.asOf,
        rules: [
          ({ _, _ in true }, .addToGroup("all-staff")),
          ({ worker, _ in inGroup(worker) }, .addToGroup(group)),
          ({ worker, _ in worker.department?.lowercased() == department }, .addToGroup("engineering")),
          ({ _, reports in reports > 0 }, .setRole("manager")),
          ({ _, reports in reports > 0 }, .addToGroup("people-managers")),
          ({ worker, _ in custom("employeeType")(worker) == excluded }, .exclude),
        ])
    }

    /// What the payload holds, named, so an expectation that came out empty cannot pass unnoticed.
    func expectFixtureFacts(_ expected: RuleExpectation) {
      if self == .workday {
        // Marcus left in June; Lena was re-hired; 200006's second row adds nothing; Sam is an intern.
        #expect(expected.excluded == ["sam.doe@example.com"])
        #expect(expected.provisioned.count == 5 && !expected.provisioned.contains("marcus.okafor@example.com"))
        #expect(expected.groups["cost-center-1xx"] == ["dana.whitfield@example.com", "priya.raman@example.com"])
        #expect(Set(expected.roles.keys) == ["dana.whitfield@example.com", "priya.raman@example.com", "lena.hoffmann@example.com"])
        #expect(expected.groups["engineering"]?.count == 3, "Dana, Priya, and Aiko the contractor")
      } else {
        // Marcus left in June; Robin's status says left; Chris was re-hired; Aiko is temporary.
        #expect(expected.excluded == ["aiko.tanaka@example.com"])
        #expect(expected.provisioned == ["dana.whitfield@example.com", "priya.raman@example.com", "chris.park@example.com"])
        #expect(expected.groups["germany"] == ["chris.park@example.com"])
        #expect(Set(expected.roles.keys) == ["dana.whitfield@example.com", "priya.raman@example.com"])
        #expect(expected.groups["engineering"] == ["dana.whitfield@example.com", "priya.raman@example.com"])
      }
    }

    static func addRules(_ rules: String, to config: inout String) {
      config = config.replacingOccurrences(of: #""sources": ["#, with: "\"rules\": \(rules),\n  \"sources\": [")
    }
  }

  @Test(
    "rules in tenant.json from the start: after fetch and sync, groups, roles and exclusions follow the payload", arguments: Source.allCases
  )
  func rulesFromTheFirstSync(_ source: Source) throws {
    let fixture = try source.fixture(rules: true)
    let config = try #require(try fixture.repo.show("main", "tenants/\(source.tenant)/tenant.json"))
    try #require(config.contains(#""rules": ["#), "the rules were added: \(config)")
    let fetched = try fixture.fetch()
    try #require(fetched.status == 0, "\(fetched.transcript)")
    try fixture.repo.expectRun(["sync", "--as-of", Self.asOf])

    let expected = try source.expectation()
    source.expectFixtureFacts(expected)
    let directory = try DirectoryAtHead(fixture.repo, tenant: source.tenant)
    directory.expect(expected)
    for email in expected.excluded { #expect(directory.entries[email] == nil, "\(email) is never provisioned") }
    for (email, role) in expected.roles { #expect(directory.entries[email]?["role"] as? String == role) }
    try fixture.repo.expectFsck()
  }

  @Test(
    "rules added to a synced tenant: the excluded worker is deprovisioned as excluded, the rest join their groups",
    arguments: Source.allCases)
  func rulesAddedToASyncedTenant(_ source: Source) throws {
    let fixture = try source.fixture(rules: false)
    try #require(try fixture.fetch().status == 0)
    try fixture.repo.expectRun(["sync", "--as-of", Self.asOf])
    let expected = try source.expectation()
    let before = try DirectoryAtHead(fixture.repo, tenant: source.tenant)
    #expect(before.activeEmails == expected.provisioned.union(expected.excluded), "without rules, everyone active is provisioned")
    #expect(before.groups.isEmpty)

    let path = "tenants/\(source.tenant)/tenant.json"
    var config = try #require(try fixture.repo.show("main", path))
    Source.addRules(source.rules, to: &config)
    try fixture.repo.write(path, config)
    try fixture.repo.commitAll("Add rules")
    let sync = try fixture.repo.expectRun(["sync", "--as-of", Self.asOf])
    #expect(sync.stdout.contains("1 deprovisioned"), "\(sync.transcript)")

    let after = try DirectoryAtHead(fixture.repo, tenant: source.tenant)
    after.expect(expected)
    let message = try fixture.repo.git(["log", "-1", "--format=%B", "main"]).stdout
    for email in expected.excluded {
      let entry = try #require(after.entries[email])
      #expect(entry["status"] as? String == "deprovisioned" && entry["deprovisionReason"] as? String == "excluded", "\(entry)")
      #expect(entry["id"] as? String == before.id(email), "the same person")
      #expect(message.contains("\(email)") && message.contains("excluded by rule '\(source.exclusionName)'"), "\(message)")
    }
  }
}
