import PeopleSyncCore
import Testing

@Suite("Date formats")
struct DateFormatTests {
  static func day(_ pattern: String, _ text: String) -> String? { DateFormat(pattern: pattern)?.day(from: text)?.description }

  @Test("the layouts HR systems send, with times and zones after the date ignored")
  func layouts() {
    #expect(Self.day("YYYY-MM-DD", "2020-10-05") == "2020-10-05")
    #expect(Self.day("YYYY-MM-DD", "1988-01-03-08:00") == "1988-01-03")
    #expect(Self.day("YYYY-MM-DD", "2019-04-01T00:00:00Z") == "2019-04-01")
    #expect(Self.day("YYYY-MM-DD", "2019-04-01 08:30") == "2019-04-01")
    #expect(Self.day("MM/DD/YYYY", "10/05/2020") == "2020-10-05")
    #expect(Self.day("M/D/YYYY", "1/5/2020") == "2020-01-05")
    #expect(Self.day("DD.MM.YYYY", "05.10.2020") == "2020-10-05")
  }

  @Test("no match: other layouts, impossible dates, trailing text")
  func refusals() {
    #expect(Self.day("YYYY-MM-DD", "10/05/2020") == nil)
    #expect(Self.day("MM/DD/YYYY", "31/02/2024") == nil)
    #expect(Self.day("YYYY-MM-DD", "2024-02-30") == nil)
    #expect(Self.day("YYYY-MM-DD", "2024-02-03x") == nil)
    #expect(Self.day("YYYY-MM-DD", "") == nil)
  }

  @Test(
    "patterns need exactly one year, month and day", arguments: ["YY-MM-DD", "YYYY-MM", "DD.MM.YY", "YYYY-MM-DD-DD", "YYYY-Mon-DD", ""])
  func invalidPatterns(_ pattern: String) {
    #expect(DateFormat(pattern: pattern) == nil)
  }
}
