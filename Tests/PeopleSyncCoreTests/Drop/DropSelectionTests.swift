import Testing

@testable import PeopleSyncCore

@Suite("Drop selection")
struct DropSelectionTests {
  let today = Day("2026-11-29")!

  func file(_ name: String, age: Double = 600, size: Int = 100) -> DroppedFile { DroppedFile(name: name, size: size, age: age) }

  func decide(_ files: [DroppedFile], last: String? = nil, settle: Double = 120) -> DropSelection {
    DropSelection.decide(files: files, settleSeconds: settle, lastIngested: last.flatMap { Day($0) }, today: today)
  }

  @Test("report names: exact, case-sensitive, real dates; archived copies carry a number")
  func names() {
    #expect(DropSelection.day(ofReport: "people_report_2026-11-28.csv") == Day("2026-11-28"))
    #expect(DropSelection.day(ofReport: "People_Report_2026-11-28.csv") == nil)
    #expect(DropSelection.day(ofReport: "people_report_2026-11-28.CSV") == nil)
    #expect(DropSelection.day(ofReport: "people_report_2026-02-30.csv") == nil)
    #expect(DropSelection.day(ofReport: "people_report_2026-11-28.2.csv") == nil)
    #expect(DropSelection.day(ofReport: "people_report_2026-11-28.csv.part") == nil)
    #expect(DropSelection.day(ofReport: "people_report_26-11-28.csv") == nil)
    #expect(DropSelection.day(ofArchived: "people_report_2026-11-28.2.csv") == Day("2026-11-28"))
    #expect(DropSelection.day(ofArchived: "people_report_2026-11-28.x.csv") == nil)
    #expect(DropSelection.day(ofArchived: "people_report_2026-11-28..csv") == nil)
  }

  @Test("the newest settled report is picked; older settled ones are superseded")
  func newestWins() {
    let selection = decide([
      file("people_report_2026-11-27.csv"), file("people_report_2026-11-28.csv"), file("people_report_2026-11-26.csv"),
    ])
    #expect(selection.pick?.name == "people_report_2026-11-28.csv")
    #expect(selection.pickDay == Day("2026-11-28"))
    #expect(selection.refused.map(\.file.name) == ["people_report_2026-11-26.csv", "people_report_2026-11-27.csv"])
    #expect(selection.refused.allSatisfy { $0.reason.contains("a newer report, people_report_2026-11-28.csv") })
  }

  @Test("a report modified within the settle time waits, and an older settled one is taken meanwhile")
  func settling() {
    let selection = decide([file("people_report_2026-11-29.csv", age: 30), file("people_report_2026-11-28.csv", age: 600)])
    #expect(selection.waiting.map(\.name) == ["people_report_2026-11-29.csv"])
    #expect(selection.pick?.name == "people_report_2026-11-28.csv")
    #expect(selection.refused.isEmpty)
    let edge = decide([file("people_report_2026-11-29.csv", age: 120)])
    #expect(edge.pick?.name == "people_report_2026-11-29.csv")
    #expect(decide([file("people_report_2026-11-29.csv", age: 119.9)]).pick == nil)
  }

  @Test("older than the last ingested report: refused; the same date again: taken (a corrected file)")
  func lastIngested() {
    let selection = decide([file("people_report_2026-11-27.csv"), file("people_report_2026-11-28.csv")], last: "2026-11-28")
    #expect(selection.pick?.name == "people_report_2026-11-28.csv")
    #expect(selection.refused.count == 1)
    #expect(selection.refused[0].reason.contains("older than the last report ingested, dated 2026-11-28"))
    // Even an old file is not moved while it may still be written to.
    let young = decide([file("people_report_2026-11-20.csv", age: 1)], last: "2026-11-28")
    #expect(young.waiting.count == 1 && young.refused.isEmpty && young.pick == nil)
  }

  @Test("a report dated after today in the tenant's time zone is refused")
  func future() {
    let selection = decide([file("people_report_2026-11-30.csv")])
    #expect(selection.pick == nil)
    #expect(selection.refused.first?.reason.contains("after today (2026-11-29)") == true)
  }

  @Test("temporary names, wrong case and other files are left alone with the reason")
  func ignored() {
    let selection = decide([
      file(".people_report_2026-11-29.csv"), file("people_report_2026-11-29.csv.filepart"), file("People_Report_2026-11-29.csv"),
      file("notes.txt"),
    ])
    #expect(selection.pick == nil && selection.refused.isEmpty && selection.waiting.isEmpty)
    let why = Dictionary(uniqueKeysWithValues: selection.ignored.map { ($0.name, $0.why) })
    #expect(why[".people_report_2026-11-29.csv"]?.contains("temporary upload name") == true)
    #expect(why["people_report_2026-11-29.csv.filepart"]?.contains("temporary upload name") == true)
    #expect(why["People_Report_2026-11-29.csv"]?.contains("case-sensitive") == true)
    #expect(why["notes.txt"]?.contains("not named people_report_YYYY-MM-DD.csv") == true)
  }

  @Test("the same inputs in any order give the same decision")
  func deterministic() {
    let files = [
      file("people_report_2026-11-27.csv"), file("people_report_2026-11-29.csv", age: 5), file("x.csv"),
      file("people_report_2026-11-28.csv"),
    ]
    #expect(decide(files) == decide(files.reversed()))
  }

  @Test("reports name the file, the line, the column and the problem, and say what stays in force")
  func reports() {
    let diagnostics = [
      Diagnostic(
        .error, "row.email", file: "people_report_2026-11-29.csv", line: 4, field: "Email", message: "'bob@' is not an email address"),
      Diagnostic(.warning, "location", file: "people_report_2026-11-29.csv", line: 2, field: "Location", message: "unknown location"),
      Diagnostic(.error, "csv.missing-column", file: "people_report_2026-11-29.csv", line: 1, message: "missing required column 'Email'"),
    ]
    let text = DropReport.rejected(
      file: "people_report_2026-11-29.csv", tenant: "acme", received: "2026-11-29 06:00:00 UTC", diagnostics: diagnostics)
    #expect(text.contains("PeopleSync did not ingest people_report_2026-11-29.csv for acme (picked up 2026-11-29 06:00:00 UTC)."))
    #expect(text.contains("stays in force"))
    let lines = text.split(separator: "\n").filter { $0.hasPrefix("people_report") }
    #expect(
      lines == [
        "people_report_2026-11-29.csv, line 1: missing required column 'Email'",
        "people_report_2026-11-29.csv, line 4, column Email: 'bob@' is not an email address",
      ])
    #expect(DropReport.name(for: "people_report_2026-11-29.csv") == "people_report_2026-11-29.csv.report.txt")
  }
}
