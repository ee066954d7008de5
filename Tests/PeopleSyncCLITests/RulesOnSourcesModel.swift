import Foundation
import TestSupport
import Testing

/// A worker as the rules tests read a recorded HR-system payload themselves, without the connector:
/// what the rules look at, and what decides who is active.
struct PayloadWorker {
  var workerId: String
  var email: String
  var department: String?
  var custom: [String: String]
  var managerId: String?
  var hire: String?
  var termination: String?

  /// Active on `asOf` (YYYY-MM-DD): hired, and no termination reached unless a later hire re-hired them.
  func isActive(asOf: String) -> Bool {
    if let hire, hire > asOf { return false }
    guard let termination else { return true }
    if let hire, hire > termination { return true }
    return termination > asOf
  }

  /// A date as YYYY-MM-DD from the shapes the fixtures use (`2021-09-13-07:00`, `2015-03-02T00:00:00Z`,
  /// `04/01/2019`); nil for anything else, as the connector leaves such a value blank.
  static func day(_ text: String?) -> String? {
    guard let text else { return nil }
    let characters = Array(text)
    let digits = { (range: Range<Int>) in range.allSatisfy { characters.indices.contains($0) && characters[$0].isNumber } }
    if digits(0..<4), characters.count >= 10, characters[4] == "-", digits(5..<7), characters[7] == "-", digits(8..<10) {
      let day = String(characters[0..<10])
      return Int(day.suffix(2))! <= 31 && Int(day.dropFirst(5).prefix(2))! <= 12 ? day : nil
    }
    if characters.count == 10, digits(0..<2), characters[2] == "/", digits(3..<5), characters[5] == "/", digits(6..<10) {
      let (month, day) = (String(characters[0..<2]), String(characters[3..<5]))
      return Int(month)! <= 12 && Int(day)! <= 31 ? "\(String(characters[6..<10]))-\(month)-\(day)" : nil
    }
    return nil
  }

  static func text(_ value: Any?) -> String? {
    guard let string = value as? String, !string.isEmpty else { return nil }
    return string
  }

  /// The workers of `Tests/Fixtures/hris/workday/report.json` as the wdco tenant maps them
  /// (department from `Team_Name`; custom `employeeType`, `costCenter`). Rows repeating a worker fill
  /// only what earlier rows left empty.
  static func workday(_ report: String = "workday/report.json") throws -> [PayloadWorker] {
    let object = try JSONSerialization.jsonObject(with: Data(try RecordedAPI.fixture(report))) as? [String: Any]
    let entries = try #require(object?["Report_Entry"] as? [[String: Any]])
    var workers: [PayloadWorker] = []
    for entry in entries {
      let group = entry["Cost_Center_group"]
      let costCenter = text((group as? [String: Any])?["Cost_Center"] ?? (group as? [[String: Any]])?.first?["Cost_Center"])
      var row = PayloadWorker(
        workerId: try #require(text(entry["Employee_ID"])), email: text(entry["Email"]) ?? "", department: text(entry["Team_Name"]),
        custom: [:], managerId: text(entry["Manager_ID"]), hire: day(text(entry["Start_Date"])),
        termination: day(text(entry["Termination_Date"])))
      row.custom["employeeType"] = text(entry["Employee_Type"])
      row.custom["costCenter"] = costCenter
      guard let index = workers.firstIndex(where: { $0.workerId == row.workerId }) else {
        workers.append(row)
        continue
      }
      var first = workers[index]
      if first.email.isEmpty { first.email = row.email }
      first.department = first.department ?? row.department
      first.managerId = first.managerId ?? row.managerId
      first.hire = first.hire ?? row.hire
      first.termination = first.termination ?? row.termination
      first.custom.merge(row.custom) { kept, _ in kept }
      workers[index] = first
    }
    return workers
  }

  /// The workers of `Tests/Fixtures/hris/ukg/` as the ukgco tenant maps them: employment-details
  /// joined with person-details on company and employee id; status `T` without a termination date
  /// left out; department `orgLevel1Code`; custom `employeeType`, `company`.
  static func ukg() throws -> [PayloadWorker] {
    let people = try #require(try RecordedAPI.fixtureArray("ukg/person-details.json") as? [[String: Any]])
    let jobs = try #require(try RecordedAPI.fixtureArray("ukg/employment-details.json") as? [[String: Any]])
    return try jobs.compactMap { job in
      let (company, employee) = (text(job["companyID"]), text(job["employeeID"]))
      let person = try #require(people.first { text($0["companyId"]) == company && text($0["employeeId"]) == employee })
      let termination = day(text(job["dateOfTermination"]))
      if text(job["employeeStatusCode"]) == "T" && termination == nil { return nil }
      var worker = PayloadWorker(
        workerId: try #require(employee), email: text(person["emailAddress"]) ?? "", department: text(job["orgLevel1Code"]), custom: [:],
        managerId: text(job["supervisorID"]), hire: day(text(job["lastHireDate"]) ?? text(job["originalHireDate"])),
        termination: termination)
      worker.custom["employeeType"] = text(job["employeeTypeCode"])
      worker.custom["company"] = text(job["companyCode"])
      return worker
    }
  }
}

/// What a tenant's rules should make of a set of workers, computed here in Swift from the payload.
struct RuleExpectation {
  /// Lower-cased emails of the people who should be active in the directory.
  var provisioned: Set<String> = []
  /// Lower-cased emails of active workers the rules exclude.
  var excluded: Set<String> = []
  /// Group name → lower-cased emails of its members.
  var groups: [String: Set<String>] = [:]
  /// Lower-cased email → role.
  var roles: [String: String] = [:]

  /// An expectation written out by hand.
  init(provisioned: Set<String>, groups: [String: Set<String>], roles: [String: String]) {
    (self.provisioned, self.groups, self.roles) = (provisioned, groups, roles)
  }

  /// `rules` are the tenant's rules as predicates, in order: each adds to a group, sets a role or excludes.
  /// `directReports` counts the active workers naming a worker's id as their manager.
  init(_ workers: [PayloadWorker], asOf: String, rules: [(when: (PayloadWorker, Int) -> Bool, then: RuleAction)]) {
    let active = workers.filter { $0.isActive(asOf: asOf) }
    for worker in active {
      let reports = active.filter { $0.managerId == worker.workerId }.count
      let email = worker.email.lowercased()
      var groups: Set<String> = []
      var role: String?
      var excluded = false
      for rule in rules where rule.when(worker, reports) {
        switch rule.then {
        case .addToGroup(let name): groups.insert(name)
        case .setRole(let name): role = name
        case .exclude: excluded = true
        }
      }
      if excluded {
        self.excluded.insert(email)
        continue
      }
      provisioned.insert(email)
      roles[email] = role
      for name in groups { self.groups[name, default: []].insert(email) }
    }
  }

  enum RuleAction {
    case addToGroup(String)
    case setRole(String)
    case exclude
  }
}

/// A tenant's directory at `main`, as git shows it: each entry, and each group file's members.
struct DirectoryAtHead {
  var entries: [String: [String: Any]] = [:]
  var groups: [String: [String]] = [:]

  init(_ repo: TemporaryRepository, tenant: String) throws {
    let folder = "tenants/\(tenant)/directory"
    for path in try repo.git(["ls-tree", "-r", "--name-only", "main", folder]).stdout.split(separator: "\n").map(String.init) {
      let object = try json(try #require(try repo.show("main", path)))
      if path.hasPrefix(folder + "/groups/") {
        groups[try #require(object["group"] as? String)] = try #require(object["members"] as? [String])
      } else if let email = object["email"] as? String {
        entries[email.lowercased()] = object
      }
    }
  }

  var activeEmails: Set<String> { Set(entries.filter { $0.value["status"] as? String == "active" }.keys) }

  func id(_ email: String) -> String? { entries[email]?["id"] as? String }

  /// Compares the directory with what the rules should give: who is active, each entry's role and
  /// groups, each group file's members (by person id), and no other group file.
  func expect(_ expected: RuleExpectation, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(activeEmails == expected.provisioned, sourceLocation: sourceLocation)
    for email in expected.provisioned {
      let entry = entries[email] ?? [:]
      #expect(entry["role"] as? String == expected.roles[email], "role of \(email)", sourceLocation: sourceLocation)
      let joined = Set(expected.groups.filter { $0.value.contains(email) }.keys)
      #expect(Set(entry["groups"] as? [String] ?? []) == joined, "groups of \(email)", sourceLocation: sourceLocation)
    }
    #expect(Set(groups.keys) == Set(expected.groups.keys), "group files", sourceLocation: sourceLocation)
    for (name, members) in expected.groups {
      let ids = members.map { id($0) ?? "no entry for \($0)" }
      #expect(groups[name] == ids.sorted(), "members of \(name): \(members.sorted())", sourceLocation: sourceLocation)
    }
  }
}
