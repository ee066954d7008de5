import Foundation
import TestSupport
import Testing

@testable import PeopleSyncCore

@Suite("SnapshotReader")
struct SnapshotReaderTests {
  static let file = "tenants/t/sources/hr.csv"
  static let header = "Full Name,Email,Employee ID,Department,Title,Hire Date,Manager's email,Picture URL,Location,Termination Date"

  /// Reads `text` as the snapshot of a csv source.
  private func read(_ text: String, source: SourceConfig = SourceConfig(name: "hr", kind: .csv), customFields: [String] = []) -> Snapshot {
    read(Array(text.utf8), source: source, customFields: customFields)
  }

  private func read(_ bytes: [UInt8], source: SourceConfig = SourceConfig(name: "hr", kind: .csv), customFields: [String] = []) -> Snapshot
  {
    bytes.withUnsafeBytes { SnapshotReader.readCSV($0, source: source, customFields: customFields, file: Self.file) }
  }

  /// A file with the standard header and these rows.
  private func standard(_ rows: [String]) -> String { ([Self.header] + rows).joined(separator: "\n") + "\n" }

  /// A standard row: name, email, id, then the remaining seven columns in header order.
  private func person(
    _ name: String, _ email: String, id: String = "", department: String = "", title: String = "", hire: String = "",
    manager: String = "", picture: String = "", location: String = "", termination: String = ""
  ) -> String {
    [name, email, id, department, title, hire, manager, picture, location, termination].joined(separator: ",")
  }

  private func codes(_ diagnostics: [Diagnostic]) -> [String] { diagnostics.map(\.code) }

  @Test("a file over 4 GiB is a file-level error found from its size alone, not a trap in the record store's 32-bit offsets")
  func tooLarge() throws {
    let count = 1 << 32
    // Address space only (zero pages, never touched by a reader that refuses the file by its size).
    let base = mmap(nil, count, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
    try #require(base != MAP_FAILED)
    defer { munmap(base, count) }
    let snapshot = SnapshotReader.readCSV(
      UnsafeRawBufferPointer(start: base, count: count), source: SourceConfig(name: "hr", kind: .csv), customFields: [], file: Self.file)
    #expect(!snapshot.isUsable)
    #expect(codes(snapshot.diagnostics) == ["csv.too-large"], "\(snapshot.diagnostics)")
    #expect(snapshot.diagnostics.first?.message.contains("4,294,967,296 bytes (4.0 GiB)") == true, "\(snapshot.diagnostics)")
  }

  // MARK: Valid files

  @Test func readsEveryStandardField() throws {
    let snapshot = read(
      standard([
        person(
          "Ada Lovelace", "ada@acme.example", id: "A1", department: "Research", title: "Analyst", hire: "2015-07-22",
          manager: "boss@acme.example", picture: "https://cdn.acme.example/a.png", location: "London", termination: "2027-01-31")
      ]))
    #expect(snapshot.isUsable)
    #expect(snapshot.diagnostics.isEmpty)
    #expect(snapshot.rowCount == 1)
    let record = try #require(snapshot.records.first)
    #expect(
      record
        == EmployeeRecord(
          source: "hr", line: 2, fullName: "Ada Lovelace", email: "ada@acme.example", employeeId: "A1", department: "Research",
          title: "Analyst", location: "London", managerEmail: "boss@acme.example", pictureUrl: "https://cdn.acme.example/a.png",
          hireDate: Day("2015-07-22"), terminationDate: Day("2027-01-31")))
    #expect(record.key == .employeeID("A1"))
  }

  @Test func onlyNameAndEmailAreRequired() throws {
    let snapshot = read("Email,Full Name\ngrace@acme.example,Grace Hopper\n")
    #expect(snapshot.diagnostics.isEmpty)
    let record = try #require(snapshot.records.first)
    #expect(record.fullName == "Grace Hopper")
    #expect(record.email == "grace@acme.example")
    #expect(record.employeeId == nil && record.department == nil && record.hireDate == nil)
    #expect(record.key == .email("grace@acme.example"))
  }

  @Test func valuesAreTrimmedAndEmailsLowercased() throws {
    let snapshot = read(
      standard([
        person("  Ada Lovelace ", " Ada.Lovelace@ACME.Example  ", id: " A1 ", department: " R&D ", manager: " Boss@Acme.Example ")
      ]))
    let record = try #require(snapshot.records.first)
    #expect(record.fullName == "Ada Lovelace")
    #expect(record.email == "ada.lovelace@acme.example")
    #expect(record.employeeId == "A1")
    #expect(record.department == "R&D")
    #expect(record.managerEmail == "boss@acme.example")
  }

  @Test func blankOptionalValuesAreNil() throws {
    let snapshot = read(standard([person("Ada", "ada@acme.example", id: "  ", department: " ", title: "\t")]))
    let record = try #require(snapshot.records.first)
    #expect(record.employeeId == nil)
    #expect(record.department == nil)
    #expect(record.title == nil)
  }

  @Test func recordsKeepTheirLines() throws {
    let text = Self.header + "\n\"Ada\nLovelace\",ada@acme.example,,,,,,,,\n\nGrace,grace@acme.example,,,,,,,,\n"
    let snapshot = read(text)
    #expect(snapshot.records.map(\.line) == [2, 5])
    #expect(snapshot.records[0].fullName == "Ada\nLovelace")
  }

  @Test func excelExportWithByteOrderMarkAndSemicolons() throws {
    let text = Self.header.replacingOccurrences(of: ",", with: ";") + "\r\n" + "Ada Lovelace;ada@acme.example;A1;R&D, Labs;;;;;;\r\n"
    let snapshot = read([0xEF, 0xBB, 0xBF] + Array(text.utf8))
    #expect(snapshot.diagnostics.isEmpty)
    #expect(snapshot.records.first?.department == "R&D, Labs")
  }

  @Test func originalProductVariant() throws {
    let text =
      "\"Full Name\",\"Email\",\"Title\"\r\n\"Milton \\\"Red Stapler\\\" Waddams\",\"milton@initech.example\",\"Collator\"\r\n"
    let snapshot = read(text)
    #expect(snapshot.diagnostics.isEmpty)
    #expect(snapshot.records.first?.fullName == "Milton \"Red Stapler\" Waddams")
  }

  @Test func everyExampleSnapshotReadsWithoutErrors() throws {
    let root = Paths.packageRoot.appendingPathComponent("tenants")
    for tenant in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() {
      let configBytes = [UInt8](try Data(contentsOf: root.appendingPathComponent("\(tenant)/tenant.json")))
      let config = try #require(ConfigReader.read(configBytes, tenant: tenant).config, "\(tenant)")
      for source in config.sources where source.kind == .csv {
        let bytes = [UInt8](try Data(contentsOf: Paths.packageRoot.appendingPathComponent(source.snapshotPath(tenant: tenant))))
        let snapshot = bytes.withUnsafeBytes {
          SnapshotReader.readCSV($0, source: source, customFields: config.customFields, file: source.snapshotPath(tenant: tenant))
        }
        #expect(snapshot.isUsable, "\(tenant): \(snapshot.diagnostics)")
        #expect(snapshot.records.count > 0, "\(tenant)")
      }
    }
  }

  // MARK: File-level errors

  @Test func missingRequiredColumnsAreOneFileLevelError() throws {
    let snapshot = read("Name,E-mail,Department\nAda,ada@acme.example,R&D\n")
    #expect(!snapshot.isUsable)
    #expect(snapshot.records.isEmpty && snapshot.rejected.isEmpty)
    #expect(snapshot.rowCount == 0)
    let error = try #require(snapshot.diagnostics.first)
    #expect(snapshot.diagnostics.count == 1)
    #expect(error.severity == .error)
    #expect(error.code == "csv.missing-column")
    #expect(error.file == Self.file)
    #expect(error.line == 1)
    #expect(error.message.contains("'Full Name'"))
    #expect(error.message.contains("'Email'"))
    #expect(error.message.contains("'Name', 'E-mail', 'Department'"))
  }

  @Test func missingColumnHintsAtCaseSensitivity() throws {
    let snapshot = read("Full Name,email\nAda,ada@acme.example\n")
    #expect(!snapshot.isUsable)
    let error = try #require(snapshot.diagnostics.first { $0.code == "csv.missing-column" })
    #expect(error.message.contains("'Email'"))
    #expect(error.message.contains("found 'email'"))
    #expect(error.message.contains("case-sensitive"))
    #expect(!error.message.contains("'Full Name' ("))
  }

  @Test func missingColumnIsReportedOnTheHeaderLine() throws {
    let snapshot = read("\n\nFull Name,Mail\nAda,ada@acme.example\n")
    #expect(snapshot.diagnostics.first?.line == 3)
  }

  @Test func duplicateHeaderColumns() throws {
    let snapshot = read("Full Name,Email,Department,Email\nAda,ada@acme.example,R&D,other@acme.example\n")
    #expect(!snapshot.isUsable)
    let error = try #require(snapshot.diagnostics.first { $0.code == "csv.duplicate-column" })
    #expect(error.severity == .error)
    #expect(error.line == 1)
    #expect(error.field == "Email")
    #expect(error.message.contains("columns 2 and 4"))
    #expect(snapshot.records.isEmpty)
  }

  @Test func emptyHeaderNamesAreNotDuplicates() throws {
    let snapshot = read("Full Name,,Email,\nAda,x,ada@acme.example,y\n")
    #expect(snapshot.isUsable)
    #expect(snapshot.records.first?.email == "ada@acme.example")
  }

  @Test(arguments: [
    ("empty", "", "csv.empty"),
    ("unterminated quote", "Full Name,Email\nAda,\"ada@acme.example\nGrace,g@acme.example\n", "csv.unterminatedQuote"),
    ("text after quote", "Full Name,Email\n\"Ada\" L,ada@acme.example\n", "csv.textAfterQuote"),
  ])
  func parserErrorsBecomeFileLevelErrors(name: String, text: String, code: String) throws {
    let snapshot = read(text)
    #expect(!snapshot.isUsable, "\(name)")
    #expect(codes(snapshot.diagnostics) == [code], "\(name)")
    #expect(snapshot.diagnostics.first?.file == Self.file)
    #expect(snapshot.diagnostics.first?.line != nil)
  }

  @Test func encodingErrorIsFileLevel() throws {
    let snapshot = read(Array("Full Name,Email\nJos".utf8) + [0xE9] + Array(",jose@acme.example\n".utf8))
    #expect(!snapshot.isUsable)
    #expect(codes(snapshot.diagnostics) == ["csv.encoding"])
    #expect(snapshot.diagnostics.first?.line == 2)
  }

  /// An HR export without people is a failed export: the whole file is refused, naming the header line.
  @Test func headerOnlyIsAFileLevelError() throws {
    for text in [Self.header, Self.header + "\n", Self.header + "\r\n\r\n", Self.header + "\n,,,,,,,,,\n \n"] {
      let snapshot = read(text)
      #expect(!snapshot.isUsable)
      #expect(snapshot.records.isEmpty && snapshot.rejected.isEmpty)
      #expect(snapshot.rowCount == 0)
      #expect(codes(snapshot.diagnostics) == ["csv.no-rows"])
      #expect(snapshot.diagnostics.first?.severity == .error)
      #expect(snapshot.diagnostics.first?.line == 1)
    }
  }

  /// Excel leaves rows of bare separators below the data; they are blank lines, not people to reject.
  @Test func rowsOfOnlySeparatorsAreBlankLines() throws {
    let snapshot = read(standard([person("Ada", "ada@acme.example")]) + ",,,,,,,,,,\n  ,  ,\n")
    #expect(snapshot.rowCount == 1)
    #expect(snapshot.records.count == 1)
    #expect(snapshot.rejected.isEmpty)
  }

  // MARK: Row-level errors

  @Test func missingName() throws {
    let snapshot = read(standard([person("", "ada@acme.example", id: "A1"), person("Grace", "grace@acme.example")]))
    #expect(snapshot.isUsable)
    #expect(snapshot.records.map(\.email) == ["grace@acme.example"])
    let row = try #require(snapshot.rejected.first)
    #expect(row.line == 2)
    #expect(codes(row.problems) == ["row.missing-name"])
    #expect(row.problems.first?.field == "Full Name")
    #expect(row.keys == [.employeeID("A1"), .email("ada@acme.example")])
    #expect(snapshot.rowCount == 2)
  }

  @Test func missingEmail() throws {
    let snapshot = read(standard([person("Ada", "", id: "A1")]))
    let row = try #require(snapshot.rejected.first)
    #expect(codes(row.problems) == ["row.missing-email"])
    #expect(row.problems.first?.field == "Email")
    #expect(row.keys == [.employeeID("A1")])
  }

  @Test(arguments: ["ada", "ada@", "@acme.example", "ada@acme", "ada lovelace@acme.example", "ada@@acme.example", "ada@acme..example"])
  func malformedEmail(email: String) throws {
    let snapshot = read(standard([person("Ada", email, id: "A1")]))
    let row = try #require(snapshot.rejected.first, "\(email)")
    #expect(codes(row.problems) == ["row.bad-email"], "\(email)")
    #expect(row.problems.first?.message.contains(email) == true)
    #expect(row.keys == [.employeeID("A1")], "a malformed email is not a key")
  }

  @Test(arguments: ["2026/01/05", "2026-02-30", "26-1-5", "05/01/2026", "2026-01-05T09:00:00Z"])
  func badHireDateIsLeftBlank(value: String) throws {
    let snapshot = read(standard([person("Ada", "ada@acme.example", id: "A1", hire: value)]))
    #expect(snapshot.rejected.isEmpty)
    let record = try #require(snapshot.records.first)
    #expect(record.hireDate == nil && record.email == "ada@acme.example")
    let warning = try #require(snapshot.diagnostics.warnings.first { $0.code == "row.bad-date" })
    #expect(warning.field == "Hire Date" && warning.line == 2 && warning.message.contains(value) && warning.message.contains("left blank"))
  }

  /// Blank, a bad Termination Date would make a leaver look active again: the row is rejected.
  @Test(arguments: ["2026-13-01", "31.12.2026", "tomorrow"])
  func badTerminationDateRejectsTheRow(value: String) throws {
    let snapshot = read(standard([person("Ada", "ada@acme.example", id: "A1", termination: value)]))
    #expect(snapshot.records.isEmpty)
    let rejected = try #require(snapshot.rejected.first)
    #expect(codes(rejected.problems) == ["row.bad-date"])
    #expect(rejected.problems.first?.field == "Termination Date")
    #expect(rejected.problems.first?.message.contains(value) == true)
    #expect(rejected.problems.first?.line == 2)
  }

  @Test(arguments: [
    "ftp://cdn.acme.example/a.png", "javascript:alert(1)", "data:image/png;base64;AAAA", "//cdn.acme.example/a.png", "https://",
    "cdn.acme.example/a.png", "https://cdn.acme.example/a b.png",
  ])
  func nonHTTPPictureURLIsLeftBlank(url: String) throws {
    let snapshot = read(standard([person("Ada", "ada@acme.example", picture: url)]))
    #expect(snapshot.rejected.isEmpty, "\(url)")
    let record = try #require(snapshot.records.first, "\(url)")
    #expect(record.pictureUrl == nil, "\(url)")
    let warning = try #require(snapshot.diagnostics.warnings.first { $0.code == "row.bad-picture-url" }, "\(url)")
    #expect(warning.field == "Picture URL" && warning.line == 2)
  }

  @Test func rejectedRowKeepsAValidTerminationDate() throws {
    let snapshot = read(standard([person("Ada", "not-an-email", id: "A1", termination: "2026-11-30")]))
    let row = try #require(snapshot.rejected.first)
    #expect(row.keys == [.employeeID("A1")] && row.termination == Day("2026-11-30"))
  }

  @Test func wrongFieldCount() throws {
    let snapshot = read(
      standard([
        "Ada,ada@acme.example,A1",
        person("Lopez, Diego", "diego@acme.example", id: "A2"),
        person("Grace", "grace@acme.example", id: "A3"),
      ]))
    #expect(snapshot.records.map(\.email) == ["grace@acme.example"])
    #expect(snapshot.rejected.map(\.line) == [2, 3])
    #expect(snapshot.rejected.allSatisfy { $0.problems.contains { $0.code == "row.field-count" } })
    let short = snapshot.rejected[0].problems.first { $0.code == "row.field-count" }
    #expect(short?.message.contains("expected 10") == true)
    #expect(short?.message.contains("found 3") == true)
  }

  @Test func everyProblemOfARowIsReported() throws {
    let snapshot = read(
      standard([person("", "not-an-email", id: "A1", hire: "2026/01/05", picture: "ftp://x.example/p", termination: "soon")]))
    let row = try #require(snapshot.rejected.first)
    // The bad Hire Date and Picture URL would only have been dropped: warnings, not reasons.
    #expect(Set(codes(row.problems)) == ["row.missing-name", "row.bad-email", "row.bad-date"])
    #expect(row.problems.filter { $0.code == "row.bad-date" }.map(\.field) == ["Termination Date"])
    #expect(row.problems.allSatisfy { $0.line == 2 && $0.file == Self.file && $0.severity == .error })
    #expect(snapshot.diagnostics.errors.count == row.problems.count)
    #expect(Set(codes(snapshot.diagnostics.warnings)) == ["row.bad-date", "row.bad-picture-url"])
  }

  @Test func rejectedRowsCarryTheKeysThatCouldBeRead() throws {
    let snapshot = read(
      standard([
        person("", "ada@acme.example", id: "A1"),
        person("", "grace@acme.example"),
        person("", "bad email", id: "A3"),
        person("", "bad email"),
        person("", ""),
      ]))
    // The last row is entirely blank: a blank line, not a rejected row.
    #expect(
      snapshot.rejected.map(\.keys) == [
        [.employeeID("A1"), .email("ada@acme.example")],
        [.email("grace@acme.example")],
        [.employeeID("A3")],
        [],
      ])
  }

  @Test func rejectedRowKeysAreLowercasedEmails() throws {
    let snapshot = read(standard([person("", "Ada@ACME.example")]))
    #expect(snapshot.rejected.first?.keys == [.email("ada@acme.example")])
  }

  @Test func rowsOfEmptyFieldsAreNeverPeople() throws {
    let snapshot = read(standard([person("Ada", "ada@acme.example"), ",,,,,,,,,", "   ", person("Grace", "grace@acme.example")]))
    #expect(snapshot.isUsable)
    #expect(snapshot.records.map(\.email) == ["ada@acme.example", "grace@acme.example"])
    #expect(snapshot.rejected.allSatisfy { $0.keys.isEmpty })
  }

  @Test func goodRowsSurviveBadOnes() throws {
    var rows: [String] = []
    for index in 0..<50 {
      rows.append(
        index % 10 == 3 ? person("P\(index)", "bad email \(index)") : person("P\(index)", "p\(index)@acme.example"))
    }
    let snapshot = read(standard(rows))
    #expect(snapshot.rowCount == 50)
    #expect(snapshot.records.count == 45)
    #expect(snapshot.rejected.map(\.line) == [5, 15, 25, 35, 45])
    #expect(snapshot.diagnostics.errors.map(\.line) == [5, 15, 25, 35, 45])
  }

  // MARK: Duplicates

  @Test func duplicateEmailsAreComparedCaseInsensitivelyAndAllRejected() throws {
    let snapshot = read(
      standard([
        person("Ada", "ada@acme.example", id: "A1"),
        person("Grace", "grace@acme.example", id: "A2"),
        person("Ada Again", "ADA@Acme.Example", id: "A3"),
      ]))
    #expect(snapshot.records.map(\.email) == ["grace@acme.example"])
    #expect(snapshot.rejected.map(\.line) == [2, 4])
    let first = try #require(snapshot.rejected.first?.problems.first)
    #expect(first.code == "row.duplicate-email")
    #expect(first.field == "Email")
    #expect(first.message.contains("line 4"))
    #expect(snapshot.rejected[1].problems.first?.message.contains("line 2") == true)
    #expect(snapshot.rejected[0].keys == [.employeeID("A1"), .email("ada@acme.example")])
    #expect(snapshot.rejected[1].keys == [.employeeID("A3"), .email("ada@acme.example")])
  }

  @Test func duplicateEmployeeIDsAreAllRejected() throws {
    let snapshot = read(
      standard([
        person("Ada", "ada@acme.example", id: "A1"),
        person("Grace", "grace@acme.example", id: "A1"),
        person("Alan", "alan@acme.example", id: "A2"),
        person("Edsger", "edsger@acme.example", id: "A1"),
      ]))
    #expect(snapshot.records.map(\.email) == ["alan@acme.example"])
    #expect(snapshot.rejected.map(\.line) == [2, 3, 5])
    for row in snapshot.rejected {
      let problem = try #require(row.problems.first)
      #expect(problem.code == "row.duplicate-employeeId")
      #expect(problem.field == "Employee ID")
      let others = [2, 3, 5].filter { $0 != row.line }.map { "line \($0)" }
      for other in others { #expect(problem.message.contains(other), "\(problem.message)") }
      #expect(!problem.message.contains("line \(row.line)"))
    }
    #expect(snapshot.diagnostics.errors.count == 3)
  }

  @Test func aRowDuplicatingBothKeysGetsBothProblems() throws {
    let snapshot = read(standard([person("Ada", "ada@acme.example", id: "A1"), person("Ada", "ada@acme.example", id: "A1")]))
    #expect(snapshot.records.isEmpty)
    for row in snapshot.rejected {
      #expect(Set(codes(row.problems)) == ["row.duplicate-email", "row.duplicate-employeeId"])
    }
  }

  @Test func duplicatesAndOtherRejectionsAreSortedByLine() throws {
    let snapshot = read(
      standard([
        person("Ada", "ada@acme.example"),
        person("", "x@acme.example"),
        person("Ada 2", "ada@acme.example"),
      ]))
    #expect(snapshot.rejected.map(\.line) == [2, 3, 4])
  }

  // MARK: Warnings

  @Test func badManagerEmailIsAWarningAndBlanked() throws {
    let snapshot = read(standard([person("Ada", "ada@acme.example", manager: "not a manager")]))
    #expect(snapshot.isUsable)
    let record = try #require(snapshot.records.first)
    #expect(record.managerEmail == nil)
    let warning = try #require(snapshot.diagnostics.first)
    #expect(snapshot.diagnostics.count == 1)
    #expect(warning.severity == .warning)
    #expect(warning.code == "row.bad-manager-email")
    #expect(warning.line == 2)
    #expect(warning.field == "Manager's email")
  }

  // MARK: Column mapping and custom columns

  @Test func columnMappingOverridesDefaultHeaders() throws {
    let source = SourceConfig(
      name: "legacy", kind: .csv, csv: CSVOptions(columns: [.fullName: "Name", .email: "Work Email", .managerEmail: "Manager Email"]))
    let text = "Name,Work Email,Full Name,Email,Manager Email\nAda,ada@acme.example,Ignored,ignored@acme.example,Boss@acme.example\n"
    let snapshot = read(text, source: source)
    #expect(snapshot.diagnostics.isEmpty)
    let record = try #require(snapshot.records.first)
    #expect(record.fullName == "Ada")
    #expect(record.email == "ada@acme.example")
    #expect(record.managerEmail == "boss@acme.example")
    #expect(record.source == "legacy")
  }

  @Test func mappedColumnMissingIsReportedByItsMappedName() throws {
    let source = SourceConfig(name: "legacy", kind: .csv, csv: CSVOptions(columns: [.email: "Work Email"]))
    let snapshot = read("Full Name,Email\nAda,ada@acme.example\n", source: source)
    #expect(!snapshot.isUsable)
    #expect(snapshot.diagnostics.first?.message.contains("'Work Email'") == true)
  }

  @Test func customColumns() throws {
    let source = SourceConfig(name: "hr", kind: .csv, csv: CSVOptions(customColumns: ["Office Code": "Office"]))
    let text = "Full Name,Email,Cost Center,Office\nAda,ada@acme.example,CC-1,NYC-1\nGrace,grace@acme.example, ,LDN\n"
    let snapshot = read(text, source: source, customFields: ["Office Code", "Cost Center"])
    #expect(snapshot.diagnostics.isEmpty)
    #expect(snapshot.records.map(\.custom) == [["NYC-1", "CC-1"], ["LDN", nil]])
  }

  @Test func customColumnMissingIsAWarning() throws {
    let snapshot = read("Full Name,Email\nAda,ada@acme.example\n", customFields: ["Badge"])
    #expect(snapshot.isUsable)
    #expect(snapshot.records.first?.custom == [nil])
    let warning = try #require(snapshot.diagnostics.first)
    #expect(warning.severity == .warning)
    #expect(warning.code == "csv.missing-custom-column")
    #expect(warning.field == "Badge")
    #expect(warning.line == 1)
  }

  @Test func shortRowHasNoCustomValueRatherThanACrash() throws {
    let snapshot = read("Full Name,Email,Badge\nAda,ada@acme.example\n", customFields: ["Badge"])
    #expect(snapshot.records.isEmpty)
    #expect(snapshot.rejected.first?.problems.first?.code == "row.field-count")
  }

  @Test func explicitDelimiterAndQuotingFromTheSource() throws {
    let source = SourceConfig(name: "hr", kind: .csv, csv: CSVOptions(delimiter: .semicolon, quoting: .backslash))
    let snapshot = read("\"Full Name\";\"Email\"\n\"A \\\"B\\\" C\";\"abc@acme.example\"\n", source: source)
    #expect(snapshot.records.first?.fullName == "A \"B\" C")
  }
}
