import Testing

@testable import PeopleSyncCore

/// Every operator on every field type, and every action, through the configuration reader
/// and the compiled engine, as a sync runs them.
@Suite("Rule engine")
struct RuleEngineTests {
  static let asOf = Day("2026-11-29")!

  /// A tenant whose rules are `rules` (JSON), with two custom fields and three locations.
  static func config(_ rules: String) throws -> TenantConfig {
    let text = """
      {
        "displayName": "Rules",
        "timeZone": "UTC",
        "locations": ["New York", "London", "Zürich"],
        "customFields": ["Level", "Office Code"],
        "sources": [{ "name": "hr", "kind": "csv" }],
        "rules": \(rules)
      }
      """
    let (config, diagnostics) = ConfigReader.read(Array(text.utf8), tenant: "rules")
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    return try #require(config)
  }

  static func record(
    name: String = "Ada Lovelace", email: String = "ada@example.com", employeeId: String? = "E1", department: String? = "Engineering",
    title: String? = "Senior Software Engineer", managerEmail: String? = "boss@example.com", hire: String? = "2026-10-01",
    termination: String? = nil, level: String? = "5", office: String? = "NYC-1"
  ) -> EmployeeRecord {
    EmployeeRecord(
      source: "hr", line: 2, fullName: name, email: email, employeeId: employeeId, department: department, title: title,
      location: nil, managerEmail: managerEmail, hireDate: hire.flatMap { Day($0) }, terminationDate: termination.flatMap { Day($0) },
      custom: [level, office], customNames: ["Level", "Office Code"])
  }

  /// Runs one rule that adds the group `hit` when `condition` holds.
  static func holds(
    _ condition: String, _ record: EmployeeRecord = record(), location: String? = "New York", keepsManager: Bool = true,
    directReports: Int = 0, before: String = ""
  ) throws -> Bool {
    let prefix = before.isEmpty ? "" : before + ","
    let config = try config(#"[\#(prefix){ "name": "test", "when": \#(condition), "then": [{ "addToGroup": "hit" }] }]"#)
    let engine = try #require(RuleEngine(config, asOf: asOf))
    let outcome = engine.evaluate(
      RuleSubject(record: record, location: location, keepsManager: keepsManager, directReports: directReports))
    var names: [String] = []
    outcome.groups.forEach { names.append(engine.groupNames[$0]) }
    return names.contains("hit")
  }

  struct Case: CustomTestStringConvertible, Sendable {
    let condition: String
    let expected: Bool
    var testDescription: String { "\(condition) → \(expected)" }
  }

  static let textCases: [Case] = [
    Case(condition: #"{ "field": "department", "is": "engineering" }"#, expected: true),
    Case(condition: #"{ "field": "department", "is": "Sales" }"#, expected: false),
    Case(condition: #"{ "field": "department", "isNot": "Sales" }"#, expected: true),
    Case(condition: #"{ "field": "department", "isNot": "ENGINEERING" }"#, expected: false),
    Case(condition: #"{ "field": "department", "oneOf": ["Sales", "Engineering"] }"#, expected: true),
    Case(condition: #"{ "field": "department", "oneOf": ["Sales", "Legal"] }"#, expected: false),
    Case(condition: #"{ "field": "title", "contains": "software" }"#, expected: true),
    Case(condition: #"{ "field": "title", "contains": "Manager" }"#, expected: false),
    Case(condition: #"{ "field": "title", "startsWith": "senior" }"#, expected: true),
    Case(condition: #"{ "field": "title", "startsWith": "Software" }"#, expected: false),
    Case(condition: #"{ "field": "employeeId", "isEmpty": false }"#, expected: true),
    Case(condition: #"{ "field": "pictureUrl", "isEmpty": true }"#, expected: true),
    Case(condition: #"{ "field": "pictureUrl", "isEmpty": false }"#, expected: false),
    Case(condition: #"{ "field": "email", "is": "ADA@EXAMPLE.COM" }"#, expected: true),
    Case(condition: #"{ "field": "location", "is": "new york" }"#, expected: true),
    Case(condition: #"{ "field": "managerEmail", "startsWith": "boss@" }"#, expected: true),
    Case(condition: #"{ "field": "source", "is": "hr" }"#, expected: true),
    Case(condition: #"{ "field": "Office Code", "startsWith": "nyc" }"#, expected: true),
    Case(condition: #"{ "field": "Office Code", "is": "LDN-1" }"#, expected: false),
    Case(condition: #"{ "field": "Level", "greaterThan": 4 }"#, expected: true),
    Case(condition: #"{ "field": "Level", "lessThan": 5 }"#, expected: false),
    Case(condition: #"{ "field": "Level", "lessThan": 5.5 }"#, expected: true),
  ]

  @Test("text operators ignore case", arguments: textCases)
  func textOperators(_ item: Case) throws {
    #expect(try Self.holds(item.condition) == item.expected)
  }

  static let dateCases: [Case] = [
    Case(condition: #"{ "field": "hireDate", "is": "2026-10-01" }"#, expected: true),
    Case(condition: #"{ "field": "hireDate", "isNot": "2026-10-01" }"#, expected: false),
    Case(condition: #"{ "field": "hireDate", "lessThan": "2026-10-02" }"#, expected: true),
    Case(condition: #"{ "field": "hireDate", "lessThan": "2026-10-01" }"#, expected: false),
    Case(condition: #"{ "field": "hireDate", "greaterThan": "2026-09-30" }"#, expected: true),
    Case(condition: #"{ "field": "hireDate", "greaterThan": "2026-10-01" }"#, expected: false),
    Case(condition: #"{ "field": "hireDate", "isEmpty": false }"#, expected: true),
    Case(condition: #"{ "field": "terminationDate", "isEmpty": true }"#, expected: true),
    Case(condition: #"{ "field": "terminationDate", "lessThan": "2030-01-01" }"#, expected: false),
    Case(condition: #"{ "tenure": { "lessThan": 90, "unit": "days" } }"#, expected: true),
    Case(condition: #"{ "tenure": { "greaterThan": 58, "unit": "days" } }"#, expected: true),
    Case(condition: #"{ "tenure": { "greaterThan": 59, "unit": "days" } }"#, expected: false),
    Case(condition: #"{ "tenure": { "lessThan": 59, "unit": "days" } }"#, expected: false),
    Case(condition: #"{ "tenure": { "greaterThan": 0, "unit": "months" } }"#, expected: true),
    Case(condition: #"{ "tenure": { "greaterThan": 1, "unit": "months" } }"#, expected: false),
    Case(condition: #"{ "tenure": { "lessThan": 2, "unit": "months" } }"#, expected: true),
    Case(condition: #"{ "tenure": { "lessThan": 1, "unit": "months" } }"#, expected: false),
  ]

  @Test("dates and tenure (hired 2026-10-01, as of 2026-11-29: 59 days, 1 month)", arguments: dateCases)
  func dateOperators(_ item: Case) throws {
    #expect(try Self.holds(item.condition) == item.expected)
  }

  @Test("without a hire date, tenure never holds and hireDate is empty")
  func noHireDate() throws {
    let record = Self.record(hire: nil)
    #expect(try !Self.holds(#"{ "tenure": { "lessThan": 100000, "unit": "days" } }"#, record))
    #expect(try !Self.holds(#"{ "tenure": { "greaterThan": 0, "unit": "months" } }"#, record))
    #expect(try Self.holds(#"{ "field": "hireDate", "isEmpty": true }"#, record))
    #expect(try !Self.holds(#"{ "field": "hireDate", "lessThan": "2100-01-01" }"#, record))
  }

  @Test("directReports compares as a number")
  func numbers() throws {
    #expect(try Self.holds(#"{ "field": "directReports", "greaterThan": 0 }"#, directReports: 3))
    #expect(try !Self.holds(#"{ "field": "directReports", "greaterThan": 0 }"#, directReports: 0))
    #expect(try Self.holds(#"{ "field": "directReports", "is": 3 }"#, directReports: 3))
    #expect(try Self.holds(#"{ "field": "directReports", "isNot": 3 }"#, directReports: 2))
    #expect(try Self.holds(#"{ "field": "directReports", "lessThan": 1 }"#, directReports: 0))
  }

  @Test("all, any and not combine conditions")
  func combinations() throws {
    let engineering = #"{ "field": "department", "is": "Engineering" }"#
    let sales = #"{ "field": "department", "is": "Sales" }"#
    #expect(try Self.holds(#"{ "all": [\#(engineering), { "field": "Level", "greaterThan": 3 }] }"#))
    #expect(try !Self.holds(#"{ "all": [\#(engineering), \#(sales)] }"#))
    #expect(try Self.holds(#"{ "any": [\#(sales), \#(engineering)] }"#))
    #expect(try !Self.holds(#"{ "any": [\#(sales), { "field": "title", "is": "CEO" }] }"#))
    #expect(try Self.holds(#"{ "not": \#(sales) }"#))
    #expect(try !Self.holds(#"{ "not": { "not": \#(sales) } }"#))
  }

  @Test("values resolved before rules: a blanked manager is empty, an unconfigured location is empty")
  func resolvedValues() throws {
    #expect(try Self.holds(#"{ "field": "managerEmail", "isEmpty": true }"#, keepsManager: false))
    #expect(try Self.holds(#"{ "field": "location", "isEmpty": true }"#, location: nil))
  }

  @Test("non-ASCII text compares with Unicode case folding")
  func unicode() throws {
    #expect(try Self.holds(#"{ "field": "fullName", "contains": "ZOË" }"#, Self.record(name: "Zoë Adeyemi")))
    #expect(try Self.holds(#"{ "field": "location", "is": "ZÜRICH" }"#, location: "Zürich"))
    #expect(try !Self.holds(#"{ "field": "fullName", "startsWith": "zoe" }"#, Self.record(name: "Zoë Adeyemi")))
  }

  @Test("later rules see what earlier ones set: role, groups, fields")
  func order() throws {
    let setRole = #"{ "name": "role", "then": [{ "setRole": "organizer" }] }"#
    #expect(try Self.holds(#"{ "field": "role", "is": "organizer" }"#, before: setRole))
    let addGroup = #"{ "name": "group", "then": [{ "addToGroup": "engineering" }] }"#
    #expect(try Self.holds(#"{ "field": "groups", "contains": "engineering" }"#, before: addGroup))
    #expect(try !Self.holds(#"{ "field": "groups", "isEmpty": true }"#, before: addGroup))
    #expect(try Self.holds(#"{ "field": "groups", "isEmpty": true }"#))
    let setTitle = #"{ "name": "title", "then": [{ "setField": { "field": "title", "value": "Engineer II" } }] }"#
    #expect(try Self.holds(#"{ "field": "title", "is": "engineer ii" }"#, before: setTitle))
  }

  /// Runs `rules` on the default record and returns what they decided, applied to its fields.
  static func outcome(_ rules: String) throws -> (outcome: RuleOutcome, fields: PersonFields) {
    let config = try config(rules)
    let engine = try #require(RuleEngine(config, asOf: asOf))
    let record = record()
    let outcome = engine.evaluate(RuleSubject(record: record, location: "New York", keepsManager: true), trace: true)
    var fields = PersonFields(
      fullName: record.fullName, email: record.email, employeeId: record.employeeId, department: record.department, title: record.title,
      location: "New York", managerEmail: record.managerEmail,
      custom: CustomFields(names: config.customFields, values: record.custom, order: CustomFields.sortedOrder(config.customFields)))
    outcome.apply(to: &fields, groupNames: engine.groupNames)
    return (outcome, fields)
  }

  @Test("actions: groups added and removed, the last role wins, fields set and cleared, exclusion")
  func actions() throws {
    let (outcome, fields) = try Self.outcome(
      """
      [
        { "name": "a", "then": [{ "addToGroup": "engineering" }, { "addToGroup": "all" }, { "setRole": "member" }] },
        { "name": "b", "when": { "field": "Level", "greaterThan": 4 }, "then": [{ "setRole": "organizer" }, { "removeFromGroup": "all" }] },
        { "name": "c", "then": [{ "setField": { "field": "location", "value": "london" } }, { "setField": { "field": "Office Code", "value": "LDN-1" } }] },
        { "name": "d", "then": [{ "setField": { "field": "title", "value": null } }, { "setField": { "field": "Level", "value": null } }] }
      ]
      """)
    #expect(fields.groups == ["engineering"])
    #expect(fields.role == "organizer")
    #expect(fields.location == "London", "set to the configured spelling")
    #expect(fields.title == nil)
    #expect(fields.custom["Office Code"] == "LDN-1")
    #expect(fields.custom["Level"] == nil)
    #expect(!outcome.excluded)
    #expect(outcome.applied.map(\.rule) == [0, 0, 0, 1, 1, 2, 2, 3, 3])
    let excluded = try Self.outcome(#"[{ "name": "x", "when": { "field": "Level", "is": "5" }, "then": [{ "exclude": true }] }]"#)
    #expect(excluded.outcome.excluded)
  }

  @Test("a disabled rule does not run; a tenant whose rules are all disabled has no engine")
  func disabled() throws {
    let (_, fields) = try Self.outcome(
      #"[{ "name": "on", "then": [{ "addToGroup": "on" }] }, { "name": "off", "enabled": false, "then": [{ "addToGroup": "off" }, { "exclude": true }] }]"#
    )
    #expect(fields.groups == ["on"])
    let config = try Self.config(#"[{ "name": "off", "enabled": false, "then": [{ "exclude": true }] }]"#)
    #expect(RuleEngine(config, asOf: Self.asOf) == nil)
  }
}
