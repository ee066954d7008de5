import Foundation
import TestSupport
import Testing

/// Rules on every kind of source, through the built binary: Workday and UKG Pro workers fetched
/// from a local server and synced get them like CSV rows; people known only from SCIM never do.
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

extension RulesOnSourcesEndToEndTests {
  /// A CSV feed and a SCIM source together, as the acme example, with rules that a SCIM-only
  /// user matches on what SCIM carries (title, being someone's manager, no condition at all). SCIM
  /// people have no department (the server keeps required data only), so "Engineering group"
  /// could not match them whether rules ran or not.
  static let mixedTenant = #"""
    { "displayName": "Rules Co", "timeZone": "UTC", "encryption": { "enabled": false },
      "sources": [{ "name": "hr", "kind": "csv" }, { "name": "okta", "kind": "scim" }],
      "rules": [
        { "name": "All staff", "then": [{ "addToGroup": "all-staff" }] },
        { "name": "Engineering group", "when": { "field": "department", "is": "Engineering" }, "then": [{ "addToGroup": "engineering" }] },
        { "name": "Engineers build", "when": { "field": "title", "contains": "Engineer" },
          "then": [{ "setRole": "builder" }, { "addToGroup": "engineers" }] },
        { "name": "Managers organize", "when": { "field": "directReports", "greaterThan": 0 },
          "then": [{ "setRole": "organizer" }, { "addToGroup": "people-managers" }] },
        { "name": "Contractors are not synced", "when": { "field": "title", "startsWith": "Contractor" }, "then": [{ "exclude": true }] }
      ] }
    """#

  /// Di's manager is Sam, whom only SCIM will know.
  static let mixedCSV = """
    Full Name,Email,Employee ID,Department,Title,Hire Date,Manager's email,Picture URL,Location,Termination Date
    Ada Lead,ada.lead@rulesco.example,R1,Engineering,Engineering Manager,2015-01-05,,,,
    Bo Builder,bo.builder@rulesco.example,R2,Engineering,Software Engineer,2019-03-04,ada.lead@rulesco.example,,,
    Cy Both,cy.both@rulesco.example,R3,Engineering,Site Reliability Engineer,2020-06-01,ada.lead@rulesco.example,,,
    Di Seller,di.seller@rulesco.example,R4,Sales,Account Executive,2021-02-01,sam.solo@rulesco.example,,,

    """

  static func scimUser(_ email: String, given: String, family: String, title: String, department: String) -> String {
    #"""
    { "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
      "userName": "\#(email)", "name": { "givenName": "\#(given)", "familyName": "\#(family)" },
      "emails": [{ "value": "\#(email)", "primary": true }], "title": "\#(title)", "active": true,
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "department": "\#(department)" } }
    """#
  }

  @Test("SCIM-only people get no rules after the server's follow-sync; a person in the CSV and SCIM gets them from the CSV")
  func scimOnlyPeopleGetNoRules() throws {
    let server = try SCIMServer(start: false)
    defer { server.stop() }
    let repo = server.repository
    try repo.write("tenants/rulesco/tenant.json", Self.mixedTenant)
    try repo.commitAll("Add rulesco")
    let minted = try repo.expectRun(["scim-token", "--tenant", "rulesco"])
    server.tokens["rulesco"] = minted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    try repo.expectRun(["ingest", "--tenant", "rulesco", "--file", try repo.scratchFile("rulesco.csv", Self.mixedCSV)])
    let today = SCIMServeEndToEndTests.today
    try repo.expectRun(["sync", "--tenant", "rulesco", "--as-of", today])
    let di = "di.seller@rulesco.example"
    #expect(try DirectoryAtHead(repo, tenant: "rulesco").entries[di]?["managerEmail"] == nil, "Sam is nobody yet")
    try server.start()

    // Cy first (in the CSV, with a title of SCIM's own), then the two only SCIM knows: Sam an
    // engineer by title, Xi a contractor by title (whom the exclusion would keep out).
    let client = server.client("rulesco")
    let users = [
      Self.scimUser("cy.both@rulesco.example", given: "Cy", family: "Both", title: "SRE", department: "Operations"),
      Self.scimUser("sam.solo@rulesco.example", given: "Sam", family: "Solo", title: "Software Engineer", department: "Engineering"),
      Self.scimUser("xi.temp@rulesco.example", given: "Xi", family: "Temp", title: "Contractor, Engineering", department: "Engineering"),
    ]
    for user in users {
      let created = try client.send("POST", "/Users", body: user)
      #expect(created.status == 201, "\(created.body)")
    }
    // Each write is committed when answered; the server's follow-syncs are done when a plan finds nothing left.
    let deadline = Date().addingTimeInterval(20)
    while try repo.peoplesync(["plan", "--tenant", "rulesco", "--as-of", today, "--exit-code"]).status != 0 {
      guard Date() < deadline else { throw TestFailure("the server's follow-sync did not catch up: \(server.process?.transcript ?? "")") }
      usleep(100_000)
    }
    server.stop()
    #expect(try repo.git(["log", "-1", "--format=%s", "main"]).stdout.hasPrefix("sync rulesco"))
    let again = try repo.expectRun(["sync", "--tenant", "rulesco", "--as-of", today])
    #expect(again.stdout.contains("no changes"), "the server's follow-sync left nothing to do: \(again.transcript)")

    let directory = try DirectoryAtHead(repo, tenant: "rulesco")
    let (ada, bo, cy) = ("ada.lead@rulesco.example", "bo.builder@rulesco.example", "cy.both@rulesco.example")
    let (sam, xi) = ("sam.solo@rulesco.example", "xi.temp@rulesco.example")
    // Sam is an active person Di names as manager: a rule on direct reports would match him.
    #expect(directory.entries[di]?["managerEmail"] as? String == sam, "\(directory.entries[di] ?? [:])")
    let expected = RuleExpectation(
      provisioned: [ada, bo, cy, di, sam, xi],
      groups: ["all-staff": [ada, bo, cy, di], "engineering": [ada, bo, cy], "engineers": [ada, bo, cy], "people-managers": [ada]],
      roles: [ada: "organizer", bo: "builder", cy: "builder"])
    directory.expect(expected)
    for email in [sam, xi] {
      let entry = directory.entries[email] ?? [:]
      #expect(entry["source"] as? String == "okta" && entry["role"] == nil && entry["groups"] == nil, "\(entry)")
    }
    // Cy's entry is the CSV's, SCIM's title notwithstanding.
    #expect(
      directory.entries[cy]?["title"] as? String == "Site Reliability Engineer" && directory.entries[cy]?["source"] as? String == "hr")
    try repo.expectFsck()
  }
}
