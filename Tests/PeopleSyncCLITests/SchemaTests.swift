import Foundation
import TestSupport
import Testing

/// The JSON Schemas in `schemas/` agree with `peoplesync validate` and describe what `sync` writes.
@Suite("JSON Schemas")
struct SchemaTests {
  /// The names of `Tests/Fixtures/invalid-configs/*.json`, without the extension.
  static let invalidConfigs: [String] = {
    let folder = Paths.fixture("invalid-configs").path
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(".json".count)) }.sorted()
  }()

  /// The JSON paths a fixture's `.expected` file lists, one a line.
  static func expectedPaths(_ name: String) throws -> Set<String> {
    let text = try String(contentsOf: Paths.fixture("invalid-configs/\(name).expected"), encoding: .utf8)
    return Set(text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
  }

  /// Runs `Tests/Schemas/check_schemas.py` from the package root.
  static func checkSchemas(_ arguments: [String] = []) throws -> ProcessResult {
    try Shell.run(["python3", "Tests/Schemas/check_schemas.py"] + arguments, in: Paths.packageRoot.path)
  }

  @Test("the invalid fixtures are there, each with the paths it must be reported at")
  func fixturesArePresent() throws {
    #expect(Self.invalidConfigs.count >= 12)
    for name in Self.invalidConfigs {
      #expect(try !Self.expectedPaths(name).isEmpty, "\(name).expected lists no JSON path")
    }
  }

  @Test("check_schemas.py: valid 2020-12 schemas, valid examples, invalid fixtures rejected at their paths")
  func schemaChecks() throws {
    let result = try Self.checkSchemas()
    #expect(result.status == 0, "\(result.transcript)")
    #expect(result.stdout.contains("check_schemas: OK"), "\(result.transcript)")
  }

  @Test("peoplesync validate reports an invalid configuration where the schema does", arguments: invalidConfigs)
  func validateAgreesWithSchema(_ name: String) throws {
    let repo = try TemporaryRepository()
    try repo.copyFolder(Paths.packageRoot.appendingPathComponent("tenants/globex"), to: "tenants/globex")
    try repo.write("tenants/globex/tenant.json", try Data(contentsOf: Paths.fixture("invalid-configs/\(name).json")))
    try repo.commitAll("Invalid configuration: \(name)")

    let result = try repo.peoplesync(["validate", "--format", "json"])
    #expect(result.status == 3, "\(result.transcript)")
    let diagnostics = try #require(try json(result.stdout)["diagnostics"] as? [[String: Any]], "\(result.transcript)")
    let paths = diagnostics.filter { $0["severity"] as? String == "error" && $0["file"] as? String == "tenants/globex/tenant.json" }
      .compactMap { $0["jsonPath"] as? String }
    #expect(Set(paths) == (try Self.expectedPaths(name)), "\(result.transcript)")
  }

  @Test("the directory entries sync commits are valid, whatever their status")
  func committedEntriesAreValid() throws {
    let repo = try TemporaryRepository.withExamples()
    try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    // Take two people out of globex a few days apart: the first is purged once the
    // default quarantine of 7 days is over, while the second is still deprovisioned.
    var rows = try Globex.rows()
    for (leaver, day) in [("selma.bouvier@", "2026-12-01"), ("mindy.simmons@", "2026-12-05")] {
      rows.removeAll { $0.contains(leaver) }
      try repo.expectRun(["ingest", "--tenant", "globex", "--file", try repo.scratchFile("\(day).csv", Globex.csv(rows))])
      try repo.expectRun(["sync", "--as-of", day])
    }
    try repo.expectRun(["sync", "--as-of", "2026-12-09"])

    // What was committed, not the working tree: export the tenants folder at HEAD.
    let export = try TemporaryDirectory(prefix: "peoplesync-entries")
    let archive = export.url.appendingPathComponent("tenants.tar").path
    try repo.git(["archive", "--output", archive, "HEAD", "tenants"])
    let tar = try Shell.run(["tar", "-x", "-f", archive, "-C", export.path])
    #expect(tar.status == 0, "\(tar.transcript)")
    let tenants = export.url.appendingPathComponent("tenants")

    var statuses: [String: Int] = [:]
    var sealed = 0
    let files = FileManager.default.enumerator(at: tenants, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
    for file in files where file.path.contains("/directory/people/") && file.pathExtension == "json" {
      // Encrypted tenants' entries are read through the textconv driver, as git would.
      if try Data(contentsOf: file).first == 0 {
        let plain = try repo.peoplesync(["textconv", file.path])
        #expect(plain.status == 0, "\(plain.transcript)")
        try Data(plain.stdout.utf8).write(to: file)
        sealed += 1
      }
      let entry = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any]
      statuses[entry?["status"] as? String ?? "?", default: 0] += 1
    }
    #expect(statuses["purged"] == 1 && statuses["deprovisioned"] == 1, "statuses: \(statuses)")
    #expect(sealed == 42, "acme's 36 and initech's 6 entries are encrypted")

    let result = try Self.checkSchemas(["--entries", tenants.path])
    #expect(result.status == 0, "\(result.transcript)")
    let summary = try #require(result.stdout.firstMatch(of: /(\d+) directory entries valid/), "\(result.transcript)")
    #expect(Int(summary.1)! >= 40, "\(result.transcript)")
    #expect(Int(summary.1)! == statuses.values.reduce(0, +), "\(result.transcript)")
    let groups = try #require(result.stdout.firstMatch(of: /(\d+) groups valid/), "\(result.transcript)")
    #expect(Int(groups.1)! == 3, "acme's rules fill emea, engineering and people-managers: \(result.transcript)")
  }
}
