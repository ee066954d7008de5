import Testing

@testable import PeopleSyncCore

@Suite("Planner")
struct PlannerTests {
  let team = (1...20).map { row("Person \($0)", "p\($0)@acme.example", id: "E\($0)", hire: "2020-01-01") }

  @Test("syncing twice with the same inputs changes nothing the second time")
  func idempotent() throws {
    var fixture = PlannerFixture()
    let first = try fixture.sync(team, asOf: "2026-01-01")
    #expect(first.counts[.provision] == 20)
    #expect(try fixture.plan(team, asOf: "2026-01-01").isEmpty)
  }

  @Test("the same inputs give byte-identical entries and the same change order")
  func deterministic() throws {
    let a = try PlannerFixture().plan(team.reversed(), asOf: "2026-01-01")
    let b = try PlannerFixture().plan(team, asOf: "2026-01-01")
    #expect(a.changes.map(\.id) == b.changes.map(\.id))
    #expect(a.changes.map { EntryFormat.encode($0.after) } == b.changes.map { EntryFormat.encode($0.after) })
    #expect(a.changes.map(\.label) == a.changes.map(\.label).sorted())
  }

  @Test("the safeguard trips above the share of active people, and on an empty snapshot")
  func safeguard() throws {
    var fixture = PlannerFixture()
    try fixture.sync(team, asOf: "2026-01-01")
    let twoGone = try fixture.plan(Array(team.dropFirst(2)), asOf: "2026-01-02")
    #expect(twoGone.safeguard == SafeguardVerdict(activeBefore: 20, deprovisions: 2, limit: 2))
    #expect(!twoGone.safeguard.isTripped)
    let threeGone = try fixture.plan(Array(team.dropFirst(3)), asOf: "2026-01-02")
    #expect(threeGone.safeguard.isTripped)
    // A file naming none of them (a wrong export) would replace everyone.
    let stranger = [row("Someone Else", "else@acme.example", id: "X1", hire: "2020-01-01")]
    let everyone = try fixture.plan(stranger, asOf: "2026-01-02")
    #expect(everyone.safeguard.deprovisions == 20)
    #expect(everyone.safeguard.isTripped)
    #expect(everyone.safeguard.explanation.contains("everyone"))
    fixture.config.safeguard = SafeguardConfig(maxDeprovisionPercent: 100, minDeprovisionAllowed: 0)
    #expect(try fixture.plan(stranger, asOf: "2026-01-02").safeguard.isTripped, "never everyone, whatever the percentage")
    // A file without people is refused before it gets that far.
    #expect(try fixture.plan([], asOf: "2026-01-02").blockingErrors.map(\.code) == ["csv.no-rows"])
  }

  @Test("a rejected row neither deprovisions nor changes the person it names")
  func rejectedRowHoldsPerson() throws {
    var fixture = PlannerFixture()
    try fixture.sync(team, asOf: "2026-01-01")
    var rows = team
    rows[0] = row("Person 1", "p1@acme.example", id: "E1", title: "Changed", termination: "not-a-date")
    rows[1] = row("", "p2@acme.example", id: "E2", title: "Changed")
    let plan = try fixture.plan(rows, asOf: "2026-01-02")
    #expect(plan.isEmpty)
    #expect(plan.rejectedRows.map(\.line) == [2, 3])
    #expect(plan.safeguard.activeBefore == 20)
    #expect(plan.activeAfter == 20)
  }

  @Test("a rejected row that names nobody suspends absence-based deprovisioning")
  func unidentifiedRejectSuspendsAbsence() throws {
    var fixture = PlannerFixture()
    try fixture.sync(team, asOf: "2026-01-01")
    var rows = Array(team.dropFirst())
    rows.append(row("Someone", "", id: ""))
    let plan = try fixture.plan(rows, asOf: "2026-01-02")
    #expect(plan.isEmpty)
    #expect(plan.warnings.contains { $0.code == "plan.absence-suspended" })
  }

  @Test("a full source without a snapshot suspends absence-based deprovisioning")
  func missingSourceSuspendsAbsence() throws {
    var fixture = PlannerFixture()
    try fixture.sync(team, asOf: "2026-01-01")
    let plan = try fixture.plan(Array(team.dropFirst()), asOf: "2026-01-02", missingSources: ["workday"])
    #expect(plan.isEmpty)
    #expect(plan.warnings.contains { $0.code == "plan.absence-suspended" && $0.message.contains("workday") })
  }

  @Test("locations match case-insensitively and keep the configured spelling; unknown ones are blanked with a warning")
  func locations() throws {
    let plan = try PlannerFixture().plan(
      [
        row("A", "a@acme.example", location: "london"), row("B", "b@acme.example", location: "Paris"),
        row("C", "c@acme.example", location: "paris"),
      ],
      asOf: "2026-01-01")
    #expect(plan.change("a@acme.example")?.after.person?.location == "London")
    #expect(plan.change("b@acme.example")?.after.person?.location == nil)
    let warnings = plan.warnings.filter { $0.code == "plan.unmatched-location" }
    #expect(warnings.count == 2)
    #expect(warnings.allSatisfy { $0.file == "tenants/acme/sources/hr.csv" && $0.line != nil })
  }

  @Test("managers resolve to active people; unknown ones are blanked; cycles are reported")
  func managers() throws {
    let plan = try PlannerFixture().plan(
      [
        row("Boss", "boss@acme.example", manager: "BOSS2@acme.example"),
        row("Boss Two", "boss2@acme.example", manager: "boss@acme.example"),
        row("Worker", "worker@acme.example", manager: "boss@acme.example"),
        row("Orphan", "orphan@acme.example", manager: "ghost@acme.example"),
        row("Leaver", "leaver@acme.example", termination: "2020-01-01"),
        row("Report", "report@acme.example", manager: "leaver@acme.example"),
      ], asOf: "2026-01-01")
    #expect(plan.change("worker@acme.example")?.after.person?.managerEmail == "boss@acme.example")
    #expect(plan.change("orphan@acme.example")?.after.person?.managerEmail == nil)
    #expect(plan.change("report@acme.example")?.after.person?.managerEmail == nil)
    let unresolved = plan.warnings.filter { $0.code == "plan.unresolved-manager" }.map(\.message)
    #expect(unresolved.count == 2)
    let cycles = plan.warnings.filter { $0.code == "plan.manager-cycle" }
    #expect(cycles.map(\.message) == ["manager cycle: boss@acme.example → boss2@acme.example → boss@acme.example"])
  }

  @Test("someone known by email who gains an Employee ID keeps their entry")
  func gainsEmployeeID() throws {
    var fixture = PlannerFixture()
    try fixture.sync(team + [row("Ada", "ada@acme.example")], asOf: "2026-01-01")
    let before = try #require(try fixture.entry(.email("ada@acme.example")))
    let plan = try fixture.plan(team + [row("Ada", "ada@acme.example", id: "E99")], asOf: "2026-01-02")
    #expect(plan.kinds() == [.update: 1])
    #expect(plan.changes[0].id == before.id)
    #expect(plan.changes[0].fields == [FieldChange(field: "employeeId", old: nil, new: "E99")])
  }

  @Test("custom fields are kept by name")
  func customFields() throws {
    let plan = try PlannerFixture().plan([row("A", "a@acme.example", costCenter: "CC-1")], asOf: "2026-01-01")
    #expect(plan.changes[0].after.person?.custom == ["Cost Center": "CC-1"])
  }

  @Test("an unreadable snapshot blocks the tenant and changes nothing")
  func unreadableSnapshotBlocks() throws {
    var fixture = PlannerFixture()
    try fixture.sync(team, asOf: "2026-01-01")
    let broken = Array("Name,Mail\nx,y\n".utf8).withUnsafeBytes {
      SnapshotReader.readCSV($0, source: fixture.config.sources[0], customFields: [], file: "tenants/acme/sources/hr.csv")
    }
    let plan = try Planner().plan(
      PlanInput(config: fixture.config, snapshots: [broken], asOf: Day("2026-01-02")!), current: fixture.directory)
    #expect(plan.isEmpty)
    #expect(plan.blockingErrors.first?.code == "csv.missing-column")
  }
}
