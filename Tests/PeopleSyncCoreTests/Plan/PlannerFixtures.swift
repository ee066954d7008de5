@testable import PeopleSyncCore

/// Builds plans from CSV text, as the tool would from a committed snapshot.
struct PlannerFixture {
  var config = TenantConfig(
    id: "acme", displayName: "Acme", timeZone: "UTC", locations: ["London", "New York"], quarantineDays: 7,
    customFields: ["Cost Center"], sources: [SourceConfig(name: "hr", kind: .csv)])
  var directory = InMemoryDirectory()

  static let header =
    "Full Name,Email,Employee ID,Department,Title,Hire Date,Manager's email,Picture URL,Location,Termination Date,Cost Center"

  func snapshot(_ rows: [String], source: String = "hr") -> Snapshot {
    let text = ([Self.header] + rows).joined(separator: "\n") + "\n"
    let sourceConfig = config.sources.first { $0.name == source }!
    return Array(text.utf8).withUnsafeBytes {
      SnapshotReader.readCSV($0, source: sourceConfig, customFields: config.customFields, file: "tenants/acme/sources/\(source).csv")
    }
  }

  func plan(_ rows: [String], asOf: String, missingSources: [String] = []) throws -> TenantPlan {
    try Planner().plan(
      PlanInput(config: config, snapshots: [snapshot(rows)], missingSources: missingSources, asOf: Day(asOf)!), current: directory)
  }

  /// Plans and applies, like a sync.
  @discardableResult
  mutating func sync(_ rows: [String], asOf: String) throws -> TenantPlan {
    let plan = try plan(rows, asOf: asOf)
    directory.apply(plan)
    return plan
  }

  func entry(_ key: PersonKey) throws -> DirectoryEntry? {
    let id = HashedPersonIdentifier().id(for: key, tenant: config.id)
    return directory.contains(id) ? try directory.entry(id) : nil
  }
}

/// A row in the fixture's header order.
func row(
  _ name: String, _ email: String, id: String = "", department: String = "", title: String = "", hire: String = "",
  manager: String = "", picture: String = "", location: String = "", termination: String = "", costCenter: String = ""
) -> String {
  [name, email, id, department, title, hire, manager, picture, location, termination, costCenter].joined(separator: ",")
}

extension TenantPlan {
  func kinds() -> [Change.Kind: Int] { counts.filter { $0.value > 0 } }
  func change(_ email: String) -> Change? { changes.first { $0.label == email } }
}
