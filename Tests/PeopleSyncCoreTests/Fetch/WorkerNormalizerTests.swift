import PeopleSyncCore
import Testing

@Suite("Worker normaliser")
struct WorkerNormalizerTests {
  /// A source as configuration gives it: `settings` are extra members of a workday source.
  static func source(_ settings: String = "", customFields: [String] = ["costCenter"]) throws -> APISource {
    let names = "[" + customFields.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
    let text = #"""
      { "displayName": "T", "timeZone": "UTC", "customFields": \#(names),
        "sources": [{ "name": "wd", "kind": "workday", "reportUrl": "https://wd.example/r",
          "auth": { "method": "basic", "usernameEnv": "T__U", "passwordEnv": "T__P" }\#(settings.isEmpty ? "" : ", " + settings) }] }
      """#
    let (config, diagnostics) = ConfigReader.read(Array(text.utf8), tenant: "t")
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    return try #require(config?.sources.first?.api)
  }

  static func run(_ source: APISource, _ records: [String], customFields: [String] = ["costCenter"]) -> (
    csv: [String], report: WorkerNormalizer.Report
  ) {
    var normalizer = WorkerNormalizer(source: source, customFields: customFields, file: "wd")
    for (index, record) in records.enumerated() { normalizer.add(try! JSONParser.parse(record), origin: "Report_Entry[\(index)]") }
    let csv = String(decoding: normalizer.finish(), as: UTF8.self).split(separator: "\n").map(String.init)
    return (csv, normalizer.report)
  }

  @Test("the default Workday aliases fill the original CSV layout, sorted by Employee ID, quoted where needed")
  func defaults() throws {
    let (csv, report) = Self.run(
      try Self.source(#""customFields": { "costCenter": "Cost_Center" }"#),
      [
        #"{"Employee_ID": "2", "First_Name": "Bo", "Last_Name": "Lee", "Email": "bo@x.com", "Business_Title": "Lead, \"Ops\"", "Start_Date": "01/02/2020", "Manager_ID": "1", "Cost_Center": "CC-9"}"#,
        #"{"Employee_ID": "1", "Full_Name": "Al Ng", "Email_Address": "al@x.com", "Hire_Date": "2019-01-01", "Location": "Berlin"}"#,
      ])
    #expect(
      csv == [
        "Full Name,Email,Employee ID,Department,Title,Hire Date,Manager's email,Picture URL,Location,Termination Date,costCenter",
        "Al Ng,al@x.com,1,,,2019-01-01,,,Berlin,,",
        #"Bo Lee,bo@x.com,2,,"Lead, ""Ops""",2020-01-02,al@x.com,,,,CC-9"#,
      ])
    #expect(report.records == 2 && report.workers == 2 && report.diagnostics.isEmpty)
  }

  @Test("rows of one worker are merged: gaps filled, a different value reported and the first kept")
  func merge() throws {
    let (csv, report) = Self.run(
      try Self.source(#""customFields": { "costCenter": "Cost_Center" }"#),
      [
        #"{"Employee_ID": "1", "Full_Name": "Al Ng", "Email": null, "Cost_Center": "A"}"#,
        #"{"Employee_ID": "1", "Full_Name": "Al Ng", "Email": "al@x.com", "Business_Title": "CTO", "Cost_Center": "B"}"#,
      ])
    #expect(csv.dropFirst() == ["Al Ng,al@x.com,1,,CTO,,,,,,A"])
    #expect(report.merged == 1 && report.workers == 1)
    #expect(report.diagnostics.map(\.code) == ["fetch.conflict"])
    #expect(
      report.diagnostics.first?.message.contains("Report_Entry[1]: worker 1 is listed again with 'B' where Report_Entry[0] has 'A'") == true
    )
  }

  @Test("a start after the termination date is a rehire; a future termination stays scheduled")
  func rehireAndScheduled() throws {
    let (csv, report) = Self.run(
      try Self.source(),
      [
        #"{"Employee_ID": "1", "Full_Name": "A", "Email": "a@x.com", "Start_Date": "2026-03-01", "Termination_Date": "2024-08-30"}"#,
        #"{"Employee_ID": "2", "Full_Name": "B", "Email": "b@x.com", "Start_Date": "2020-01-01", "Termination_Date": "2030-01-01"}"#,
      ])
    #expect(csv.dropFirst() == ["A,a@x.com,1,,,2026-03-01,,,,,", "B,b@x.com,2,,,2020-01-01,,,,2030-01-01,"])
    #expect(report.rehired == 1)
  }

  @Test("a status that means 'left': with a date the date stands; without one the worker is left out")
  func status() throws {
    let source = try Self.source(#""status": { "value": "Status", "terminated": ["T", "X"] }"#)
    let (csv, report) = Self.run(
      source,
      [
        #"{"Employee_ID": "1", "Full_Name": "A", "Email": "a@x.com", "Status": "T", "Termination_Date": "2026-01-31"}"#,
        #"{"Employee_ID": "2", "Full_Name": "B", "Email": "b@x.com", "Status": "X"}"#,
        #"{"Employee_ID": "3", "Full_Name": "C", "Email": "c@x.com", "Status": "A"}"#,
      ])
    #expect(csv.dropFirst() == ["A,a@x.com,1,,,,,,,2026-01-31,", "C,c@x.com,3,,,,,,,,"])
    #expect(report.leftOut == 1 && report.diagnostics.map(\.code) == ["fetch.left-without-date"])
  }

  @Test("dates in none of the formats are kept as sent (so validation rejects the row) and reported with their record")
  func unreadableDate() throws {
    let (csv, report) = Self.run(
      try Self.source(#""dateFormats": ["YYYY-MM-DD"]"#),
      [#"{"Employee_ID": "1", "Full_Name": "A", "Email": "a@x.com", "Start_Date": "01/02/2020"}"#])
    #expect(csv.dropFirst() == ["A,a@x.com,1,,,01/02/2020,,,,,"])
    #expect(report.diagnostics.map(\.field) == ["Hire Date"])
    #expect(
      report.diagnostics.first?.message.hasPrefix("Report_Entry[0]: '01/02/2020' matches none of the date formats (YYYY-MM-DD)") == true)
  }

  @Test("managers by id: resolved through workerId; an unknown id is reported and left blank; a record with no id at all is left out")
  func managers() throws {
    let source = try Self.source(#""workerId": "WID", "fields": { "managerId": "Manager_WID" }"#)
    let (csv, report) = Self.run(
      source,
      [
        #"{"WID": "w1", "Employee_ID": "1", "Full_Name": "A", "Email": "a@x.com"}"#,
        #"{"WID": "w2", "Employee_ID": "2", "Full_Name": "B", "Email": "b@x.com", "Manager_WID": "w1"}"#,
        #"{"WID": "w3", "Employee_ID": "3", "Full_Name": "C", "Email": "c@x.com", "Manager_WID": "w9"}"#,
        #"{"Full_Name": "Nobody"}"#,
      ])
    #expect(csv.dropFirst() == ["A,a@x.com,1,,,,,,,,", "B,b@x.com,2,,,,a@x.com,,,,", "C,c@x.com,3,,,,,,,,"])
    #expect(report.unidentified == 1)
    #expect(Set(report.diagnostics.map(\.code)) == ["fetch.unknown-manager", "fetch.unidentified"])
  }
}
