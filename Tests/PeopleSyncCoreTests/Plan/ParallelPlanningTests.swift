import PeopleSyncCore
import SnapshotGenerator
import Testing

/// The per-person pass runs on every core for large tenants; its result must not depend on that.
@Suite("Parallel planning")
struct ParallelPlanningTests {
  static let config = TenantConfig(
    id: "bench", displayName: "Bench", timeZone: "UTC",
    locations: ["Amsterdam", "Austin", "Bangalore", "Berlin", "London", "New York", "San Francisco", "Singapore"],
    customFields: ["Cost Center"], sources: [SourceConfig(name: "hr", kind: .csv)])

  static func snapshot(_ bytes: [UInt8]) -> Snapshot {
    bytes.withUnsafeBytes {
      SnapshotReader.readCSV($0, source: config.sources[0], customFields: config.customFields, file: "tenants/bench/sources/hr.csv")
    }
  }

  @Test("one thread and all threads give the same plan, day 0 and the day after")
  func sameResultOnAnyNumberOfThreads() throws {
    let generator = PeopleGenerator(seed: 11, count: 50_000)
    let day0 = PlanInput(config: Self.config, snapshots: [Self.snapshot(generator.csv())], asOf: Day("2026-11-29")!)
    var directory = InMemoryDirectory()
    let initial = try Planner(threads: 4).plan(day0, current: directory)
    let initialSequential = try Planner(threads: 1).plan(day0, current: directory)
    #expect(initial.changes == initialSequential.changes)
    #expect(initial.warnings == initialSequential.warnings)
    #expect(initial.changes.count > 45_000)
    directory.apply(initial)

    let next = generator.nextDay(churn: 0.01)
    let day1 = PlanInput(config: Self.config, snapshots: [Self.snapshot(next.snapshot.csvBytes())], asOf: Day("2026-11-30")!)
    let parallel = try Planner(threads: 4).plan(day1, current: directory)
    let sequential = try Planner(threads: 1).plan(day1, current: directory)
    #expect(parallel.changes == sequential.changes)
    #expect(parallel.warnings == sequential.warnings)
    #expect(parallel.scheduled == sequential.scheduled)
    #expect(parallel.safeguard == sequential.safeguard)
    #expect((parallel.activeAfter, parallel.skippedTerminated) == (sequential.activeAfter, sequential.skippedTerminated))
    #expect(parallel.changes.count >= 400, "the day after has about 1% churn: \(parallel.summaryLine)")
  }
}
