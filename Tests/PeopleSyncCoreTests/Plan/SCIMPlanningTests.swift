import Testing

@testable import PeopleSyncCore

/// SCIM people in the plan: provisioned from SCIM alone, deactivated at once, enriched by a full source.
@Suite("Planning with SCIM")
struct SCIMPlanningTests {
  static func user(_ userName: String, active: Bool = true, name: String? = nil, employeeNumber: String? = nil) -> (String, JSONValue) {
    var object = JSONObject([("userName", .string(userName)), ("active", .bool(active))])
    if let name { object["displayName"] = .string(name) }
    if let employeeNumber {
      object[SCIMPeople.enterprise] = .object(JSONObject([("employeeNumber", .string(employeeNumber))]))
    }
    return ("tenants/acme/sources/okta/Users/\(userName.prefix(2))/\(userName).json", .object(object))
  }

  var fixture: PlannerFixture = {
    var fixture = PlannerFixture()
    fixture.config.sources.append(SourceConfig(name: "okta", kind: .scim))
    fixture.config.rules = []
    return fixture
  }()

  /// With no rows, the tenant has SCIM only (its CSV source is dropped from the configuration).
  func plan(_ fixture: PlannerFixture, rows: [String], users: [(String, JSONValue)], asOf: String = "2026-11-29") throws -> TenantPlan {
    var config = fixture.config
    if rows.isEmpty { config.sources.removeFirst() }
    let csv = rows.isEmpty ? [] : [fixture.snapshot(rows)]
    let merged = SCIMPeople.merge(
      users: users.map { (path: $0.0, resource: $0.1) }, source: config.sources.first { $0.kind == .scim }!,
      customFields: config.customFields, folder: "tenants/acme/sources/okta",
      fullSnapshots: csv)
    var input = PlanInput(config: config, snapshots: csv + [merged.snapshot], asOf: Day(asOf)!)
    input.scimDeactivated = merged.deactivated
    return try Planner().plan(input, current: fixture.directory)
  }

  @Test("a SCIM-only user is provisioned from SCIM data; a deactivated one is deprovisioned at once")
  func scimOnly() throws {
    var fixture = self.fixture
    let first = try plan(fixture, rows: [], users: [Self.user("ada@acme.example", name: "Ada Lovelace")])
    #expect(first.changes.map(\.kind) == [.provision])
    #expect(first.changes.first?.after.person?.fullName == "Ada Lovelace")
    fixture.directory.apply(first)
    let second = try plan(fixture, rows: [], users: [Self.user("ada@acme.example", active: false, name: "Ada Lovelace")])
    #expect(second.changes.map(\.kind) == [.deprovision])
    #expect(second.changes.first?.reason == "deactivated over SCIM")
    #expect(second.changes.first?.after.deprovisionReason == .scimDeactivated)
    fixture.directory.apply(second)
    // Reactivated over SCIM: back, same identity.
    let third = try plan(fixture, rows: [], users: [Self.user("ada@acme.example", name: "Ada Lovelace")])
    #expect(third.changes.map(\.kind) == [.reactivate])
  }

  @Test("in both: the full source's attributes, SCIM's access; matched by email or employee number")
  func merged() throws {
    var fixture = self.fixture
    let rows = [
      row("Grace Hopper", "grace@acme.example", id: "E2", title: "Rear Admiral", hire: "2020-01-01"),
      row("Alan Turing", "alan@acme.example", id: "E3", title: "Cryptanalyst", hire: "2020-01-01"),
    ]
    let users = [Self.user("GRACE@acme.example", name: "G. Hopper"), Self.user("aturing@idp.example", employeeNumber: "E3")]
    let first = try plan(fixture, rows: rows, users: users)
    #expect(first.changes.count == 2)
    #expect(first.changes.compactMap { $0.after.person?.title }.sorted() == ["Cryptanalyst", "Rear Admiral"])
    #expect(first.changes.allSatisfy { $0.after.source == "hr" })
    fixture.directory.apply(first)
    // Deactivated over SCIM while the daily feed still lists both as active.
    let second = try plan(
      fixture, rows: rows,
      users: [Self.user("grace@acme.example", active: false), Self.user("aturing@idp.example", active: false, employeeNumber: "E3")])
    #expect(second.changes.map(\.kind) == [.deprovision, .deprovision])
    #expect(second.changes.allSatisfy { $0.reason == "deactivated over SCIM" })
  }

  @Test("users without a usable email are rejected rows, naming the stored file")
  func rejected() {
    let merged = SCIMPeople.merge(
      users: [
        ("tenants/acme/sources/okta/Users/ab/abc.json", .object(JSONObject([("userName", .string("not-an-email"))]))),
        ("tenants/acme/sources/okta/Users/cd/cde.json", .string("junk")),
      ],
      source: SourceConfig(name: "okta", kind: .scim), folder: "tenants/acme/sources/okta", fullSnapshots: [])
    #expect(merged.snapshot.records.isEmpty)
    #expect(merged.snapshot.rejected.count == 2)
    #expect(
      merged.snapshot.diagnostics.map(\.file) == [
        "tenants/acme/sources/okta/Users/ab/abc.json", "tenants/acme/sources/okta/Users/cd/cde.json",
      ])
  }
}
