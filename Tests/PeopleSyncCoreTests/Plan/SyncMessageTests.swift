import Testing

@testable import PeopleSyncCore

@Suite("Sync message")
struct SyncMessageTests {
  let inputs = SyncMessage.Inputs(configBlob: String(repeating: "a", count: 40), snapshots: [("okta", String(repeating: "b", count: 40))])

  @Test("the commit a sync was planned at is a trailer, read back with the others; absent, it is nil")
  func plannedOn() throws {
    let plan = TenantPlan(tenant: "acme", displayName: "Acme", asOf: try #require(Day("2026-11-29")))
    let planned = String(repeating: "c", count: 40)
    let message = SyncMessage.make(plan: plan, inputs: inputs, version: "1.0", override: nil, plannedOn: planned)
    #expect(message.contains("\nPeopleSync-Planned-On: \(planned)\nPeopleSync-Version: 1.0\n"))
    let recorded = try #require(SyncMessage.recorded(message))
    #expect(recorded.plannedOn == planned)
    #expect(recorded.tenant == "acme" && recorded.inputs == inputs && recorded.version == "1.0")

    let plain = try #require(SyncMessage.recorded(SyncMessage.make(plan: plan, inputs: inputs, version: "1.0", override: nil)))
    #expect(plain.plannedOn == nil)
    #expect(plain.inputs == recorded.inputs)
  }
}
