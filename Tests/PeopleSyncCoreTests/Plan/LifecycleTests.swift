import Testing

@testable import PeopleSyncCore

/// One person walked through time: hire, changes, termination, rehire, departure, purge.
@Suite("Lifecycle")
struct LifecycleTests {
  let others = [
    row("Grace Hopper", "grace@acme.example", id: "E2", hire: "2020-01-01"),
    row("Alan Turing", "alan@acme.example", id: "E3", hire: "2020-01-01"),
  ]

  @Test("hire, update, email change, future and reached termination, rehire, absence, purge")
  func walkThroughTime() throws {
    var fixture = PlannerFixture()
    let ada = PersonKey.employeeID("E1")

    // Hire.
    var plan = try fixture.sync(
      others + [row("Ada Lovelace", "ada@acme.example", id: "E1", title: "Engineer", hire: "2026-01-05")], asOf: "2026-01-05")
    #expect(plan.kinds() == [.provision: 3])
    let id = try #require(try fixture.entry(ada)).id

    // Attribute change: an update listing the field's old and new value.
    plan = try fixture.sync(
      others + [row("Ada Lovelace", "ada@acme.example", id: "E1", title: "Senior Engineer", hire: "2026-01-05")], asOf: "2026-01-06")
    #expect(plan.kinds() == [.update: 1])
    #expect(plan.change("ada@acme.example")?.fields == [FieldChange(field: "title", old: "Engineer", new: "Senior Engineer")])

    // Email change, same Employee ID: an update, not a deprovision plus a provision.
    plan = try fixture.sync(
      others + [row("Ada Lovelace", "ada.l@acme.example", id: "E1", title: "Senior Engineer", hire: "2026-01-05")], asOf: "2026-01-07")
    #expect(plan.kinds() == [.update: 1])
    #expect(plan.changes[0].fields == [FieldChange(field: "email", old: "ada@acme.example", new: "ada.l@acme.example")])
    #expect(plan.changes[0].id == id)

    // A future termination date is scheduled and visible, never applied early.
    let leaving = row(
      "Ada Lovelace", "ada.l@acme.example", id: "E1", title: "Senior Engineer", hire: "2026-01-05", termination: "2026-02-01")
    plan = try fixture.sync(others + [leaving], asOf: "2026-01-20")
    #expect(plan.kinds() == [.update: 1])
    #expect(try fixture.entry(ada)?.status == .active)
    #expect(plan.scheduled.contains { $0.kind == .termination && $0.date == Day("2026-02-01")! && $0.id == id })
    #expect(try fixture.plan(others + [leaving], asOf: "2026-01-31").isEmpty)

    // Termination date reached: deprovisioned, access removed, personal data kept.
    plan = try fixture.sync(others + [leaving], asOf: "2026-02-01")
    #expect(plan.kinds() == [.deprovision: 1])
    #expect(plan.changes[0].reason == "termination date 2026-02-01 reached")
    var entry = try #require(try fixture.entry(ada))
    #expect(entry.status == .deprovisioned)
    #expect(entry.deprovisionedOn == Day("2026-02-01"))
    #expect(entry.person?.fullName == "Ada Lovelace")

    // Rehire within the quarantine: reactivated with the same identity.
    let rehired = row(
      "Ada Lovelace", "ada.l@acme.example", id: "E1", title: "Principal Engineer", hire: "2026-02-03", termination: "2026-02-01")
    plan = try fixture.sync(others + [rehired], asOf: "2026-02-03")
    #expect(plan.kinds() == [.reactivate: 1])
    #expect(plan.changes[0].id == id)
    entry = try #require(try fixture.entry(ada))
    #expect(entry.status == .active)
    #expect(entry.person?.title == "Principal Engineer")

    // Gone from the full snapshot: deprovisioned as absent.
    plan = try fixture.sync(others, asOf: "2026-03-01")
    #expect(plan.kinds() == [.deprovision: 1])
    #expect(try fixture.entry(ada)?.deprovisionReason == .absent)
    #expect(plan.scheduled.isEmpty)

    // Still in quarantine: the purge is scheduled, nothing changes.
    plan = try fixture.plan(others, asOf: "2026-03-07")
    #expect(plan.isEmpty)
    #expect(plan.scheduled.contains { $0.kind == .purge && $0.date == Day("2026-03-08")! })

    // Quarantine over: purged, personal fields gone, the pseudonymous id kept.
    plan = try fixture.sync(others, asOf: "2026-03-08")
    #expect(plan.kinds() == [.purge: 1])
    entry = try #require(try fixture.entry(ada))
    #expect(entry == DirectoryEntry.purged(id))
    #expect(!String(decoding: EntryFormat.encode(entry), as: UTF8.self).contains("Ada"))

    // And nothing more happens afterwards.
    #expect(try fixture.plan(others, asOf: "2026-06-01").isEmpty)
  }

  @Test("a person terminated before their first sync is never provisioned")
  func terminatedBeforeFirstSync() throws {
    let plan = try PlannerFixture().plan(
      others + [row("Old Timer", "old@acme.example", id: "E9", hire: "2010-01-01", termination: "2025-12-31")], asOf: "2026-01-05")
    #expect(plan.kinds() == [.provision: 2])
    #expect(plan.skippedTerminated == 1)
  }

  @Test("a future hire is provisioned the configured number of days before the hire date")
  func preHire() throws {
    var fixture = PlannerFixture()
    fixture.config.provisionDaysBeforeHire = 3
    let newcomer = row("New Comer", "new@acme.example", id: "E7", hire: "2026-02-10")
    var plan = try fixture.sync(others + [newcomer], asOf: "2026-02-06")
    #expect(plan.kinds() == [.provision: 2])
    #expect(
      plan.scheduled == [
        ScheduledEvent(
          kind: .hire, date: Day("2026-02-07")!, id: HashedPersonIdentifier().id(for: .employeeID("E7"), tenant: "acme"),
          label: "new@acme.example")
      ])
    plan = try fixture.sync(others + [newcomer], asOf: "2026-02-07")
    #expect(plan.kinds() == [.provision: 1])
  }

  @Test("a returning person after the purge is provisioned again")
  func returnAfterPurge() throws {
    var fixture = PlannerFixture()
    let ada = row("Ada Lovelace", "ada@acme.example", id: "E1", hire: "2020-01-01")
    try fixture.sync(others + [ada], asOf: "2026-01-01")
    try fixture.sync(others, asOf: "2026-01-02")
    try fixture.sync(others, asOf: "2026-01-09")
    #expect(try fixture.entry(.employeeID("E1"))?.status == .purged)
    let plan = try fixture.sync(others + [ada], asOf: "2026-01-10")
    #expect(plan.kinds() == [.provision: 1])
    #expect(plan.changes[0].reason == "returns after being purged")
  }
}
