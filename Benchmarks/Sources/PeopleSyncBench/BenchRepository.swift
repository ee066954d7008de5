import Foundation
import SnapshotGenerator

/// A state repository made with the real `git`, holding the `bench` tenant: bare, or a clone
/// of that bare one with the branch checked out (as CI's checkout makes it).
struct BenchRepository {
  /// The run's folder: `repo.git`, the scratch clone, the CSV files and every step's output.
  let root: String
  var checkout = false
  /// Where `peoplesync --repo` points: the bare repository, or the checkout.
  var path: String { checkout ? "\(root)/checkout" : "\(root)/repo.git" }
  var gitDirectory: String { checkout ? "\(root)/checkout/.git" : "\(root)/repo.git" }
  var logs: String { "\(root)/logs" }

  static let tenant = "bench"

  /// Isolates every child from the user's git configuration and names the committers.
  var environment: [String: String] {
    [
      "HOME": root, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
      "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.com", "PEOPLESYNC_AUTHOR_NAME": "PeopleSync Bench",
      "PEOPLESYNC_AUTHOR_EMAIL": "bench@example.com", "NO_COLOR": "1",
    ]
  }

  /// Creates the bare repository and commits `tenants/bench/tenant.json` through a clone and a push.
  static func create(in root: String, encrypted: Bool, rules: Bool, checkout: Bool = false) throws -> BenchRepository {
    var repository = try create(in: root, tenantJSON: tenantJSON(encrypted: encrypted, rules: rules))
    guard checkout else { return repository }
    try repository.git(["clone", "-q", "--branch", "main", repository.path, "\(root)/checkout"])
    repository.checkout = true
    return repository
  }

  /// The same with a tenant configuration of the caller's.
  static func create(in root: String, tenantJSON: String) throws -> BenchRepository {
    let repository = BenchRepository(root: root)
    try FileManager.default.createDirectory(atPath: repository.logs, withIntermediateDirectories: true)
    let scratch = "\(root)/scratch"
    try repository.git(["init", "-q", "--bare", "-b", "main", repository.path])
    try repository.git(["clone", "-q", repository.path, scratch])
    try repository.git(["-C", scratch, "symbolic-ref", "HEAD", "refs/heads/main"])
    let folder = "\(scratch)/tenants/\(tenant)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try Data(tenantJSON.utf8).write(to: URL(fileURLWithPath: "\(folder)/tenant.json"))
    try repository.git(["-C", scratch, "add", "-A"])
    try repository.git(["-C", scratch, "commit", "-q", "-m", "Add the bench tenant"])
    try repository.git(["-C", scratch, "push", "-q", "origin", "main"])
    return repository
  }

  /// The tenant: the generator's eight locations, its custom column, a 5% safeguard, UTC.
  /// Encrypted tenants get their keys from a master key the first sync generates in the keystore.
  static func tenantJSON(encrypted: Bool, rules: Bool) -> String {
    let locations = Vocabulary.locations.map { "\"\($0)\"" }.joined(separator: ", ")
    return """
      {
        "displayName": "Bench Corporation",
        "timeZone": "UTC",
        "locations": [\(locations)],
        "quarantineDays": 7,
        "safeguard": { "maxDeprovisionPercent": 5 },
        "customFields": ["Cost Center"],
        "encryption": { "enabled": \(encrypted) },
        "sources": [
          { "name": "hr", "kind": "csv" }
        ]\(rules ? ",\n  \"rules\": " + tenRules : "")
      }

      """
  }

  /// Ten rules of the kinds customers write, over the generator's departments, titles,
  /// locations and cost centers: groups by department, location and tenure, a role for
  /// managers, a derived field, an exclusion.
  static let tenRules = """
    [
        { "name": "Engineering", "when": { "field": "department", "is": "Engineering" }, "then": [{ "addToGroup": "engineering" }] },
        { "name": "Sales", "when": { "field": "department", "is": "Sales" }, "then": [{ "addToGroup": "sales" }] },
        { "name": "Back office", "when": { "field": "department", "oneOf": ["Finance", "Human Resources", "Legal"] }, "then": [{ "addToGroup": "back-office" }] },
        { "name": "Managers organize", "when": { "field": "title", "contains": "Manager" }, "then": [{ "setRole": "organizer" }] },
        { "name": "People managers", "when": { "field": "directReports", "greaterThan": 0 }, "then": [{ "addToGroup": "people-managers" }] },
        { "name": "New hires", "when": { "tenure": { "lessThan": 90, "unit": "days" } }, "then": [{ "addToGroup": "new-hires" }] },
        { "name": "EMEA", "when": { "field": "location", "oneOf": ["London", "Berlin", "Paris"] }, "then": [{ "addToGroup": "emea" }] },
        { "name": "Closed cost center", "when": { "field": "Cost Center", "is": "CC-1919" }, "then": [{ "exclude": true }] },
        { "name": "Senior engineers", "when": { "all": [{ "field": "department", "is": "Engineering" }, { "field": "title", "startsWith": "Senior" }] }, "then": [{ "addToGroup": "senior-engineers" }] },
        { "name": "Remote by default", "when": { "field": "location", "isEmpty": true }, "then": [{ "setField": { "field": "location", "value": "Remote" } }] }
      ]
    """

  /// Runs git and returns its standard output; throws when it fails.
  @discardableResult
  func git(_ arguments: [String]) throws -> String {
    let out = "\(logs)/git.out"
    let err = "\(logs)/git.err"
    let result = try ChildProcess.run(["git"] + arguments, environment: environment, stdout: out, stderr: err)
    let output = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    guard result.status == 0 else {
      let message = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
      throw ChildProcess.Failure(description: "git \(arguments.joined(separator: " ")) exited \(result.status): \(message)")
    }
    return output
  }

  /// Objects in the repository, loose and packed (`git count-objects -v`).
  func objectCount() throws -> ObjectCount {
    var count = ObjectCount()
    for line in try git(["--git-dir", gitDirectory, "count-objects", "-v"]).split(separator: "\n") {
      let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      guard parts.count == 2, let value = Int(parts[1]) else { continue }
      switch parts[0] {
      case "count": count.loose = value
      case "in-pack": count.packed = value
      case "size": count.looseKiB = value
      case "size-pack": count.packKiB = value
      default: break
      }
    }
    return count
  }
}

struct ObjectCount {
  var loose = 0
  var packed = 0
  var looseKiB = 0
  var packKiB = 0
  var total: Int { loose + packed }
  var diskMiB: Double { Double(looseKiB + packKiB) / 1024 }
}
