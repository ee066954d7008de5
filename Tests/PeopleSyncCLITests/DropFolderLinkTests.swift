import Foundation
import TestSupport
import Testing

/// Links in a drop folder (issue 16, point 1): a customer who can write where a folder of its drop
/// is (or an old layout, where it owned `uploads/`) replaces that folder with a link to another
/// tenant's; the pickup, running as root outside the chroot, must follow none of them.
@Suite("Drop folder links")
struct DropFolderLinkTests {
  let repository: TemporaryRepository
  let drops: String
  /// Another tenant's drop folder on the same host, whose files the links point at.
  var victim: String { drops + "/other" }
  var drop: String { drops + "/globex" }
  /// Every file of the victim's drop folder, which must all stay where they are.
  static let victimFiles = [
    "uploads/hr_reports/people_report_2026-11-20.csv", "archive/people_report_2026-11-10.csv",
    "archive/people_report_2026-11-10.csv.report.txt", "rejected/people_report_2026-11-12.csv",
    "rejected/people_report_2026-11-12.csv.report.txt",
  ]

  init() throws {
    repository = try TemporaryRepository.withExamples(tenants: ["globex", "initech"])
    try FileManager.default.removeItem(atPath: repository.workTree + "/tenants/globex/sources")
    try repository.commitAll("globex: snapshots come from the drop")
    drops = repository.folder.path + "/drops"
    let csv = Globex.csv(try Globex.rows())
    for file in Self.victimFiles { try write(victim + "/" + file, csv) }
    // globex's own: a report to archive, and an older one that goes to rejected/ as superseded.
    try write(drop + "/uploads/hr_reports/people_report_2026-11-21.csv", csv)
    try write(drop + "/uploads/hr_reports/people_report_2026-11-19.csv", csv)
  }

  private func write(_ path: String, _ contents: String) throws {
    try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try contents.write(toFile: path, atomically: false, encoding: .utf8)
    try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-3600)], ofItemAtPath: path)
  }

  /// Replaces `component` of globex's drop folder ("" for the folder itself) with a link to the victim's.
  private func link(_ component: String) throws -> (path: String, target: String) {
    let path = component.isEmpty ? drop : drop + "/" + component
    let target = component.isEmpty ? victim : victim + "/" + component
    try? FileManager.default.removeItem(atPath: path)
    try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    return (path, target)
  }

  private func expectVictimUntouched(sourceLocation: SourceLocation = #_sourceLocation) {
    for file in Self.victimFiles {
      #expect(FileManager.default.fileExists(atPath: victim + "/" + file), "\(file) was moved or removed", sourceLocation: sourceLocation)
    }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: victim + "/archive")) ?? []
    #expect(names.count == 2, "the victim's archive/ got \(names)", sourceLocation: sourceLocation)
  }

  @Test(
    "a link in place of the drop folder or any folder in it is refused, named, and nothing is ingested, moved or pruned",
    arguments: ["", "uploads", "uploads/hr_reports", "archive", "rejected"])
  func linkRefused(_ component: String) throws {
    let (path, target) = try link(component)
    let commits = try repository.commitCount()
    // --retain-days 0: a pickup that followed a link to archive/ or rejected/ would empty the victim's.
    let result = try repository.expectRun(
      ["ingest", "--tenant", "globex", "--from", drop, "--settle", "60", "--retain-days", "0"], status: 3)
    #expect(result.stderr.contains("\(path) is a symbolic link (to \(target))"), "\(result.transcript)")
    #expect(result.stderr.contains("links in a drop folder are never followed"), "\(result.transcript)")
    #expect(result.stderr.contains("nothing was picked up, ingested or moved"), "\(result.transcript)")
    #expect(try repository.commitCount() == commits)
    #expect(try repository.show("main", "tenants/globex/sources/hr.csv") == nil)
    expectVictimUntouched()
    if component != "" && !component.hasPrefix("uploads") {
      // globex's own reports are not moved either: the drop folder is refused as a whole.
      #expect(FileManager.default.fileExists(atPath: drop + "/uploads/hr_reports/people_report_2026-11-21.csv"))
      #expect(FileManager.default.fileExists(atPath: drop + "/uploads/hr_reports/people_report_2026-11-19.csv"))
    }
  }

  @Test("run-daily does not follow a tenant's drop folder that is a link, and goes on with the other tenants")
  func runDailyLinkedDrop() throws {
    _ = try link("")
    let result = try repository.expectRun(["run-daily", "--drops", drops, "--settle", "60", "--retain-days", "0"], status: 3)
    #expect(result.stdout.contains("globex: pickup failed"), "\(result.transcript)")
    #expect(result.stderr.contains("\(drop) is a symbolic link (to \(victim))"), "\(result.transcript)")
    #expect(result.stdout.contains("initech: no drop folder at \(drops)/initech; pickup skipped"), "\(result.transcript)")
    #expect(result.stdout.contains("1 pickups failed"), "\(result.transcript)")
    #expect(result.stdout.contains("initech: sync as of"), "\(result.transcript)")
    #expect(try repository.show("main", "tenants/globex/sources/hr.csv") == nil)
    expectVictimUntouched()
  }
}
