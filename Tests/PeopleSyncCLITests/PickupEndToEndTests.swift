import Foundation
import TestSupport
import Testing

/// `ingest --from` and `run-daily` on a plain drop folder (no sshd): the cases that need no network.
@Suite("SFTP pickup from a drop folder")
struct PickupEndToEndTests {
  let repository: TemporaryRepository
  let drops: String

  init() throws {
    repository = try TemporaryRepository.withExamples(tenants: ["globex", "initech"])
    try FileManager.default.removeItem(atPath: repository.workTree + "/tenants/globex/sources")
    try repository.commitAll("globex: snapshots come from the drop")
    drops = repository.folder.path + "/drops"
    try FileManager.default.createDirectory(atPath: drops + "/globex/uploads/hr_reports", withIntermediateDirectories: true)
  }

  var drop: String { drops + "/globex" }

  /// Puts a report in the uploads, last modified `age` seconds ago.
  func upload(_ name: String, _ contents: String, age: Double = 3600) throws {
    let path = drop + "/uploads/hr_reports/" + name
    try contents.write(toFile: path, atomically: false, encoding: .utf8)
    try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-age)], ofItemAtPath: path)
  }

  @discardableResult
  func pickup(_ extra: [String] = [], status: Int32 = 0) throws -> ProcessResult {
    try repository.expectRun(["ingest", "--tenant", "globex", "--from", drop, "--settle", "60"] + extra, status: status)
  }

  func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: drop + "/" + relative) }
  func read(_ relative: String) throws -> String { try String(contentsOfFile: drop + "/" + relative, encoding: .utf8) }

  @Test("a report interrupted after its commit is archived on the next run without a second commit")
  func interruptedAfterCommit() throws {
    let csv = Globex.csv(try Globex.rows())
    try upload("people_report_2026-11-20.csv", csv)
    try pickup()
    let commits = try repository.commitCount()
    // As if the process had died between the commit and the move.
    try upload("people_report_2026-11-20.csv", csv)
    let again = try pickup()
    #expect(again.stdout.contains("already holds this content (people_report_2026-11-20.csv: 8 rows"), "\(again.transcript)")
    #expect(try repository.commitCount() == commits)
    #expect(exists("archive/people_report_2026-11-20.2.csv") && exists("archive/people_report_2026-11-20.2.csv.report.txt"))
    #expect(try read("archive/people_report_2026-11-20.2.csv.report.txt").contains("holds exactly the data already in force"))
  }

  @Test("the same content under a later date is archived and commits nothing; the later date is then in force")
  func sameContentLaterDate() throws {
    let csv = Globex.csv(try Globex.rows())
    try upload("people_report_2026-11-20.csv", csv)
    try pickup()
    let commits = try repository.commitCount()
    try upload("people_report_2026-11-21.csv", csv)
    try pickup()
    #expect(try repository.commitCount() == commits)
    // The archive remembers 11-21 though no commit did: a late 11-20 file is now stale.
    try upload("people_report_2026-11-20.csv", Globex.csv(Array(try Globex.rows().dropLast())))
    let late = try pickup()
    #expect(late.stdout.contains("older than the last report ingested, dated 2026-11-21"), "\(late.transcript)")
    #expect(try repository.commitCount() == commits)
  }

  @Test("rows with errors: ingested and listed in the archived report; refused as a whole with --strict")
  func rowErrors() throws {
    var rows = try Globex.rows()
    rows[1] = rows[1].replacingOccurrences(of: "frank.grimes@globex.example", with: "frank.grimes@")
    try upload("people_report_2026-11-20.csv", Globex.csv(rows))
    let strict = try pickup(["--strict"], status: 3)
    #expect(strict.stdout.contains("rejected people_report_2026-11-20.csv (1 problem)"), "\(strict.transcript)")
    let refusal = try read("rejected/people_report_2026-11-20.csv.report.txt")
    #expect(refusal.contains("people_report_2026-11-20.csv, line 3, column Email:"), "\(refusal)")
    #expect(try repository.show("main", "tenants/globex/sources/hr.csv") == nil)

    try upload("people_report_2026-11-21.csv", Globex.csv(rows))
    let lenient = try pickup()
    #expect(lenient.stdout.contains("8 rows, 7 valid, 1 rejected"), "\(lenient.transcript)")
    let report = try read("archive/people_report_2026-11-21.csv.report.txt")
    #expect(report.contains("8 rows: 7 used, 1 left out."))
    #expect(report.contains("people_report_2026-11-21.csv, line 3, column Email:"), "\(report)")
  }

  @Test("future dates are refused; wrong case, temporary names and links are left where they are")
  func leftAlone() throws {
    let csv = Globex.csv(try Globex.rows())
    try upload("people_report_2099-01-01.csv", csv)
    try upload("People_Report_2026-11-20.csv", csv)
    try upload("people_report_2026-11-20.csv.filepart", csv)
    try FileManager.default.createSymbolicLink(
      atPath: drop + "/uploads/hr_reports/people_report_2026-11-19.csv", withDestinationPath: repository.folder.path + "/secret.csv")
    try csv.write(toFile: repository.folder.path + "/secret.csv", atomically: true, encoding: .utf8)
    let result = try pickup()
    #expect(result.stdout.contains("did not ingest people_report_2099-01-01.csv: its name is dated 2099-01-01, after today"))
    #expect(result.stdout.contains("left People_Report_2026-11-20.csv alone: names are case-sensitive"))
    #expect(result.stdout.contains("left people_report_2026-11-20.csv.filepart alone: a temporary upload name"))
    #expect(result.stdout.contains("left people_report_2026-11-19.csv alone: not a regular file"))
    #expect(result.stdout.contains("globex: no new report to ingest"))
    #expect(exists("rejected/people_report_2099-01-01.csv"))
    #expect(exists("uploads/hr_reports/People_Report_2026-11-20.csv") && exists("uploads/hr_reports/people_report_2026-11-20.csv.filepart"))
    #expect(try repository.show("main", "tenants/globex/sources/hr.csv") == nil)
  }

  @Test("archived and rejected reports are deleted once kept longer than the retention")
  func retention() throws {
    let csv = Globex.csv(try Globex.rows())
    try upload("people_report_2026-11-20.csv", csv)
    try upload("people_report_2026-11-19.csv", "broken\n")
    try pickup()
    #expect(exists("archive/people_report_2026-11-20.csv") && exists("rejected/people_report_2026-11-19.csv"))
    // The default retention (globex: 7 days) keeps them.
    try pickup()
    #expect(exists("archive/people_report_2026-11-20.csv"))
    try upload("people_report_2026-11-21.csv", csv)
    let pruned = try pickup(["--retain-days", "0"])
    #expect(pruned.stdout.contains("removed 4 report files kept longer than 0 days"), "\(pruned.transcript)")
    #expect(!exists("archive/people_report_2026-11-20.csv") && !exists("archive/people_report_2026-11-20.csv.report.txt"))
    #expect(!exists("rejected/people_report_2026-11-19.csv") && !exists("rejected/people_report_2026-11-19.csv.report.txt"))
    // Pruning comes before this run's move: today's report stays, and the last date is still known.
    #expect(exists("archive/people_report_2026-11-21.csv"))
    try upload("people_report_2026-11-20.csv", csv)
    #expect(try pickup().stdout.contains("older than the last report ingested, dated 2026-11-21"))
    try repository.expectRun(["ingest", "--tenant", "globex", "--from", drop, "--retain-days", "-1"], status: 2)
  }

  @Test("a report larger than the limit is moved to rejected/ unread, with a report saying the limit; run-daily goes on and exits 3")
  func tooLarge() throws {
    // A sparse 5 GiB file: it costs no disk, and the pickup must not read a byte of it.
    let name = "people_report_2026-11-20.csv"
    let path = drop + "/uploads/hr_reports/" + name
    #expect(FileManager.default.createFile(atPath: path, contents: nil))
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try handle.truncate(atOffset: 5 << 30)
    try handle.close()
    try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-3600)], ofItemAtPath: path)
    let daily = try repository.expectRun(["run-daily", "--drops", drops, "--settle", "60"], status: 3)
    #expect(
      daily.stdout.contains(
        "globex: rejected \(name) unread: 5,368,709,120 bytes (5.0 GiB), over the limit of 1,073,741,824 bytes (1.0 GiB); moved to rejected/\(name)"
      ), "\(daily.transcript)")
    #expect(daily.stdout.contains("globex: rejected \(name) (1 problem); the previous snapshot stays in force"))
    #expect(daily.stdout.contains("reports 0 ingested, 0 unchanged, 1 rejected"))
    #expect(daily.stdout.contains("globex: sync as of") && daily.stdout.contains("initech: sync as of"))
    #expect(
      try read("rejected/\(name).report.txt").contains("more than the 1,073,741,824 bytes (1.0 GiB) a report may have, so it was not read"))
    #expect(try repository.show("main", "tenants/globex/sources/hr.csv") == nil)

    // A limit of the operator's own, for a pickup and for a file.
    let csv = Globex.csv(try Globex.rows())
    try upload("people_report_2026-11-21.csv", csv)
    let small = try pickup(["--max-file-bytes", "100"], status: 3)
    #expect(small.stdout.contains("over the limit of 100 bytes; moved to rejected/people_report_2026-11-21.csv"), "\(small.transcript)")
    let file = try repository.folder.write("big.csv", csv).path
    let refused = try repository.expectRun(["ingest", "--tenant", "globex", "--file", file, "--max-file-bytes", "1K"], status: 3)
    #expect(
      refused.stderr.contains("more than --max-file-bytes (1,024 bytes (1.0 KiB)); nothing was read or committed"), "\(refused.transcript)")
    #expect(try repository.show("main", "tenants/globex/sources/hr.csv") == nil)
    for bad in ["0", "-5", "4G", "1.5G", "lots"] {
      try repository.expectRun(["ingest", "--tenant", "globex", "--file", file, "--max-file-bytes", bad], status: 2)
    }
  }

  @Test("a folder without uploads/hr_reports is a clear error")
  func notADrop() throws {
    let result = try repository.expectRun(["ingest", "--tenant", "globex", "--from", repository.folder.path + "/nowhere"], status: 5)
    #expect(result.stderr.contains("is not a drop folder"), "\(result.transcript)")
    let both = try repository.expectRun(["ingest", "--tenant", "globex", "--from", drop, "--file", "x.csv"], status: 2)
    #expect(both.stderr.contains("one of --file or --from"))
    try repository.expectRun(["ingest", "--tenant", "globex", "--from", drop, "--settle", "soon"], status: 2)
  }

  @Test("run-daily: pickups then syncs, one summary; tenants without a drop folder are noted; the worst outcome sets the exit")
  func runDaily() throws {
    try upload("people_report_2026-11-20.csv", Globex.csv(try Globex.rows()))
    let first = try repository.expectRun(["run-daily", "--drops", drops, "--settle", "60"])
    #expect(first.stdout.contains("initech: no drop folder at \(drops)/initech; pickup skipped"), "\(first.transcript)")
    #expect(first.stdout.contains("ingested people_report_2026-11-20.csv as globex/hr"))
    #expect(first.stdout.contains("globex: sync as of"))
    #expect(
      first.stdout.contains(
        "run-daily: reports 1 ingested, 0 unchanged, 0 rejected, 0 still uploading, 0 pickups failed; fetches 0 committed, 0 unchanged, 0 failed; syncs 2 committed"
      ))

    try upload("people_report_2026-11-21.csv", "Name\nnobody\n")
    try upload("people_report_2026-11-22.csv", "still uploading", age: 1)
    let second = try repository.expectRun(["run-daily", "--drops", drops, "--settle", "60"], status: 3)
    #expect(second.stdout.contains("globex: rejected people_report_2026-11-21.csv"), "\(second.transcript)")
    #expect(second.stdout.contains("waiting for people_report_2026-11-22.csv"))
    #expect(
      second.stdout.contains(
        "reports 0 ingested, 0 unchanged, 1 rejected, 1 still uploading, 0 pickups failed; fetches 0 committed, 0 unchanged, 0 failed; syncs 0 committed, 2 without changes"
      ))
    #expect(second.stdout.contains("exit 3"))
    try repository.expectFsck()
  }
}
