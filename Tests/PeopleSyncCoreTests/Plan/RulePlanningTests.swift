import Testing

@testable import PeopleSyncCore

/// Rules as the planner runs them: on every active person, deterministically, with exclusions
/// treated as leavers and groups kept in their own files.
@Suite("Planning with rules")
struct RulePlanningTests {
  static func fixture(_ rules: String, safeguard: SafeguardConfig = SafeguardConfig(maxDeprovisionPercent: 50, minDeprovisionAllowed: 1))
    throws -> PlannerFixture
  {
    let text = """
      {
        "displayName": "Acme", "timeZone": "UTC", "locations": ["London", "New York"], "quarantineDays": 7,
        "customFields": ["Cost Center"], "sources": [{ "name": "hr", "kind": "csv" }], "rules": \(rules)
      }
      """
    let (config, diagnostics) = ConfigReader.read(Array(text.utf8), tenant: "acme")
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    var fixture = PlannerFixture()
    fixture.config = try #require(config)
    fixture.config.safeguard = safeguard
    return fixture
  }

  static let people = [
    row("Ada Lovelace", "ada@acme.example", id: "1", department: "Engineering", title: "CTO", hire: "2015-01-01", location: "London"),
    row("Alan Turing", "alan@acme.example", id: "2", department: "Engineering", hire: "2020-01-01", manager: "ada@acme.example"),
    row(
      "Grace Hopper", "grace@acme.example", id: "3", department: "Sales", hire: "2026-11-01", manager: "ada@acme.example",
      costCenter: "CC-9"),
    row("Linus T", "linus@acme.example", id: "4", department: "Sales", hire: "2019-01-01", costCenter: "CC-1"),
  ]

  static let rules = """
    [
      { "name": "Engineering", "when": { "field": "department", "is": "engineering" }, "then": [{ "addToGroup": "engineering" }] },
      { "name": "Managers", "when": { "field": "directReports", "greaterThan": 0 }, "then": [{ "setRole": "organizer" }] },
      { "name": "New hires", "when": { "tenure": { "lessThan": 90, "unit": "days" } }, "then": [{ "addToGroup": "new-hires" }] },
      { "name": "Default location", "when": { "field": "location", "isEmpty": true }, "then": [{ "setField": { "field": "location", "value": "New York" } }] }
    ]
    """

  @Test("groups, roles and set fields land in entries and group files; a second run changes nothing")
  func groupsAndRoles() throws {
    var fixture = try Self.fixture(Self.rules)
    let plan = try fixture.sync(Self.people, asOf: "2026-11-29")
    #expect(plan.kinds() == [.provision: 4])
    #expect(plan.groupChanges.map(\.summary) == ["engineering created: 2 joined", "new-hires created: 1 joined"])
    #expect(plan.groupChanges[0].joined.map(\.label) == ["ada@acme.example", "alan@acme.example"])
    let ada = try #require(try fixture.entry(.employeeID("1")))
    #expect(ada.person?.role == "organizer" && ada.person?.groups == ["engineering"] && ada.person?.location == "London")
    let alan = try #require(try fixture.entry(.employeeID("2")))
    #expect(alan.person?.role == nil && alan.person?.location == "New York", "the rule filled the blank location")
    #expect(try fixture.directory.groupMembers("engineering").sorted() == [ada.id, alan.id].sorted())
    #expect(try fixture.plan(Self.people, asOf: "2026-11-29").isEmpty)
  }

  @Test("time moves people out of a tenure group; an emptied group is removed")
  func tenureAndDeletion() throws {
    var fixture = try Self.fixture(Self.rules)
    try fixture.sync(Self.people, asOf: "2026-11-29")
    let later = try fixture.sync(Self.people, asOf: "2027-03-01")
    #expect(later.groupChanges.map(\.summary) == ["new-hires removed: 1 left"])
    #expect(later.change("grace@acme.example")?.fields.map(\.field) == ["groups"])
    #expect(!fixture.directory.groupNames.contains("new-hires"))
  }

  @Test("a rule change moves memberships: the people and the group file change together")
  func ruleChange() throws {
    var fixture = try Self.fixture(Self.rules)
    try fixture.sync(Self.people, asOf: "2026-11-29")
    fixture.config = try Self.fixture(Self.rules.replacingOccurrences(of: #""is": "engineering""#, with: #""is": "sales""#)).config
    let plan = try fixture.sync(Self.people, asOf: "2026-11-29")
    let group = try #require(plan.groupChanges.first { $0.name == "engineering" })
    #expect(group.joined.map(\.label) == ["grace@acme.example", "linus@acme.example"])
    #expect(group.left.map(\.label) == ["ada@acme.example", "alan@acme.example"])
    #expect(plan.kinds() == [.update: 4])
  }

  @Test("an excluded person is not added; one in the directory leaves like a leaver, then is purged")
  func exclusion() throws {
    let exclude = #"[{ "name": "No CC-9", "when": { "field": "Cost Center", "is": "CC-9" }, "then": [{ "exclude": true }] }]"#
    var fixture = try Self.fixture("[]")
    try fixture.sync(Self.people, asOf: "2026-11-29")
    fixture.config = try Self.fixture(exclude).config
    let plan = try fixture.sync(Self.people, asOf: "2026-11-30")
    let grace = try #require(plan.change("grace@acme.example"))
    #expect(grace.kind == .deprovision && grace.reason == "excluded by rule 'No CC-9'" && grace.after.deprovisionReason == .excluded)
    #expect(plan.kinds() == [.deprovision: 1])
    #expect(try fixture.plan(Self.people, asOf: "2026-12-01").isEmpty)
    #expect(try fixture.plan(Self.people, asOf: "2026-12-07").change("grace@acme.example")?.kind == .purge)

    var fresh = try Self.fixture(exclude)
    let first = try fresh.sync(Self.people, asOf: "2026-11-29")
    #expect(first.kinds() == [.provision: 3] && first.skippedExcluded == 1)
  }

  @Test("excluding more people than the safeguard allows trips it, like any mass deprovisioning: those deprovisions are held")
  func exclusionUnderSafeguard() throws {
    var fixture = try Self.fixture("[]", safeguard: SafeguardConfig(maxDeprovisionPercent: 25, minDeprovisionAllowed: 1))
    try fixture.sync(Self.people, asOf: "2026-11-29")
    fixture.config.rules = try Self.fixture(
      #"[{ "name": "Sales out", "when": { "field": "department", "is": "Sales" }, "then": [{ "exclude": true }] }]"#
    )
    .config.rules
    let plan = try fixture.plan(Self.people, asOf: "2026-11-30")
    #expect(plan.kinds() == [:])
    #expect(plan.held.map(\.kind) == [.deprovision, .deprovision])
    #expect(plan.held.allSatisfy { $0.after.deprovisionReason == .excluded })
    #expect(plan.safeguard.isTripped && plan.safeguard.holds && plan.safeguard.limit == 1)
  }

  @Test("a person a rejected row names keeps their groups exactly as committed")
  func heldPersonKeepsGroups() throws {
    var fixture = try Self.fixture(Self.rules)
    try fixture.sync(Self.people, asOf: "2026-11-29")
    var rows = Self.people
    rows[1] = row("Alan Turing", "not-an-email", id: "2", department: "Sales")
    let plan = try fixture.plan(rows, asOf: "2026-11-29")
    #expect(plan.rejectedRows.count == 1)
    #expect(plan.isEmpty, "\(plan.groupChanges.map(\.summary)) \(plan.changes.map(\.label))")
  }

  @Test("the same inputs give the same plan on one thread and on many")
  func deterministic() throws {
    var fixture = try Self.fixture(Self.rules)
    let many = (0..<300).map { index in
      row(
        "Person \(index)", "p\(index)@acme.example", id: "P\(index)", department: ["Engineering", "Sales", "Legal"][index % 3],
        hire: index % 7 == 0 ? "2026-11-01" : "2018-05-05", manager: index > 0 ? "p\(index / 10)@acme.example" : "")
    }
    let input = PlanInput(config: fixture.config, snapshots: [fixture.snapshot(many)], asOf: Day("2026-11-29")!)
    let one = try Planner(threads: 1).plan(input, current: fixture.directory)
    let all = try Planner(threads: 8).plan(input, current: fixture.directory)
    #expect(one.groupChanges == all.groupChanges)
    #expect(one.changes.map { EntryFormat.encode($0.after) } == all.changes.map { EntryFormat.encode($0.after) })
    fixture.directory.apply(one)
    #expect(try Planner(threads: 3).plan(input, current: fixture.directory).isEmpty)
  }
}
