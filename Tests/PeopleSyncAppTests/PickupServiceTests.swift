import Foundation
import GitKit
import TestSupport
import Testing

@testable import PeopleSyncApp

/// How long a drop folder keeps the reports it picked up (issue 16, point 8): they are plain copies
/// of personal data, so an encrypted tenant's are removed after a day by default and never kept
/// more than a week. Run in process, with the clock moved forward.
@Suite("Pickup retention")
struct PickupServiceTests {
  static let kept = [
    "archive/people_report_2026-11-20.csv", "archive/people_report_2026-11-20.csv.report.txt",
    "rejected/people_report_2026-11-19.csv", "rejected/people_report_2026-11-19.csv.report.txt",
  ]

  /// globex with `settings` added to its tenant.json, and a drop folder whose archive/ and
  /// rejected/ each hold a report and its report, moved there now.
  private func setUp(_ settings: String) throws -> (repository: TemporaryRepository, drop: String) {
    let repository = try TemporaryRepository()
    try repository.write(
      "tenants/globex/tenant.json",
      #"{ "displayName": "Globex", "timeZone": "UTC", "sources": [{ "name": "hr", "kind": "csv" }]\#(settings) }"#)
    try repository.commitAll("globex")
    let drop = repository.folder.path + "/drop"
    try FileManager.default.createDirectory(atPath: drop + "/uploads/hr_reports", withIntermediateDirectories: true)
    for file in Self.kept { _ = try repository.folder.write("drop/" + file, "Full Name,Email\nA,a@globex.example\n") }
    return (repository, drop)
  }

  /// Runs a pickup `hours` from now and returns the files of `kept` still there.
  private func pickup(_ repository: TemporaryRepository, _ drop: String, after hours: Double, retainDays: Int? = nil) throws -> [String] {
    let now = Date().addingTimeInterval(hours * 3600)
    let service = PickupService(repository: try Repository.open(at: repository.path), settings: Settings(now: { now }))
    let outcome = try service.pickup(tenant: "globex", source: nil, drop: drop, settleSeconds: 60, strict: false, retainDays: retainDays)
    if case .nothingNew = outcome.result {} else { Issue.record("expected nothing new: \(outcome.result)") }
    return Self.kept.filter { FileManager.default.fileExists(atPath: drop + "/" + $0) }
  }

  @Test("an encrypted tenant's archived and rejected reports are removed by the first pickup a day later")
  func encryptedDefault() throws {
    let (repository, drop) = try setUp("")
    #expect(try pickup(repository, drop, after: 20) == Self.kept)
    #expect(try pickup(repository, drop, after: 24).isEmpty)
  }

  @Test("an encrypted tenant keeps them as configured, and --retain-days cannot keep them past 7 days")
  func encryptedConfigured() throws {
    let (repository, drop) = try setUp(#", "drop": { "retainDays": 3 }"#)
    #expect(try pickup(repository, drop, after: 48) == Self.kept)
    #expect(try pickup(repository, drop, after: 6 * 24, retainDays: 30) == Self.kept)
    #expect(try pickup(repository, drop, after: 7 * 24, retainDays: 30).isEmpty)
  }

  @Test("a plain tenant keeps them its quarantine period, or its drop.retainDays")
  func plain() throws {
    let (repository, drop) = try setUp(#", "encryption": { "enabled": false }"#)
    #expect(try pickup(repository, drop, after: 6 * 24) == Self.kept)
    #expect(try pickup(repository, drop, after: 7 * 24).isEmpty)
    let (configured, configuredDrop) = try setUp(#", "encryption": { "enabled": false }, "drop": { "retainDays": 2 }"#)
    #expect(try pickup(configured, configuredDrop, after: 24) == Self.kept)
    #expect(try pickup(configured, configuredDrop, after: 48).isEmpty)
  }
}
