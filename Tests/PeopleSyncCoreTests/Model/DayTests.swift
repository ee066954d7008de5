import Foundation
import Testing

@testable import PeopleSyncCore

@Suite("Day")
struct DayTests {
  private func day(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Day {
    try #require(Day(text), "\(text) should parse", sourceLocation: sourceLocation)
  }

  // MARK: Parsing

  @Test(arguments: ["2026-01-05", "1970-01-01", "0001-01-01", "9999-12-31", "2024-02-29", "2000-02-29", "2026-12-31"])
  func parsesAndPrintsTheSame(text: String) throws {
    #expect(try day(text).description == text)
  }

  @Test(arguments: [
    "2026/01/05", "26-1-5", "2026-1-05", "2026-01-5", "05-01-2026", "2026-01-05 ", " 2026-01-05", "2026-01-05T00:00:00Z",
    "20260105", "2026-01-0x", "+026-01-05", "-026-01-05", "2026–01–05", "２０２６-01-05", "", "2026-01", "tomorrow",
  ])
  func refusesAnythingButYYYYMMDD(text: String) {
    #expect(Day(text) == nil, "\(text)")
  }

  @Test(arguments: [
    "2026-02-30", "2026-02-29", "1900-02-29", "2100-02-29", "2026-04-31", "2026-06-31", "2026-09-31", "2026-11-31",
    "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32", "0000-01-01",
  ])
  func refusesDatesThatDoNotExist(text: String) {
    #expect(Day(text) == nil, "\(text)")
  }

  @Test func leapYears() {
    for (year, leap) in [(2024, true), (2026, false), (2000, true), (1900, false), (2100, false), (2400, true), (1600, true), (4, true)] {
      #expect((Day(year: year, month: 2, day: 29) != nil) == leap, "\(year)")
      #expect(Day(year: year, month: 3, day: 1)!.ordinal - Day(year: year, month: 2, day: 28)!.ordinal == (leap ? 2 : 1), "\(year)")
    }
  }

  @Test func componentInitialiserBounds() {
    #expect(Day(year: 0, month: 1, day: 1) == nil)
    #expect(Day(year: 10_000, month: 1, day: 1) == nil)
    #expect(Day(year: 2026, month: 0, day: 1) == nil)
    #expect(Day(year: 2026, month: 13, day: 1) == nil)
    #expect(Day(year: 2026, month: 1, day: 0) == nil)
    #expect(Day(year: 2026, month: 1, day: -1) == nil)
  }

  // MARK: Ordinals

  @Test(arguments: [
    ("1970-01-01", 0), ("1969-12-31", -1), ("2000-01-01", 10_957), ("2024-02-29", 19_782), ("2026-11-29", 20_786),
    ("1600-03-01", -135_080), ("0001-01-01", -719_162), ("9999-12-31", 2_932_896),
  ])
  func knownOrdinals(text: String, ordinal: Int32) throws {
    #expect(try day(text).ordinal == ordinal)
    #expect(Day(ordinal: ordinal).description == text)
  }

  @Test func ordinalRoundTripOverFourHundredYears() throws {
    // 1900-01-01 to 2300-12-31: a whole Gregorian cycle and the century rules either side.
    var previous: (year: Int, month: Int, day: Int)?
    let start = try day("1900-01-01").ordinal
    let end = try day("2300-12-31").ordinal
    for ordinal in start...end {
      let date = Day(ordinal: ordinal)
      let parts = date.components
      #expect(Day(year: parts.year, month: parts.month, day: parts.day)?.ordinal == ordinal)
      if let (y, m, d) = previous {
        let next = d < Day.daysIn(month: m, year: y) ? (y, m, d + 1) : m < 12 ? (y, m + 1, 1) : (y + 1, 1, 1)
        if next.0 != parts.year || next.1 != parts.month || next.2 != parts.day { Issue.record("\(date) follows \(y)-\(m)-\(d)"); return }
      }
      previous = parts
    }
  }

  @Test func ordinalRoundTripAtTheEndsOfTheRange() {
    for ordinal in Int32(-719_162)...Int32(-719_162 + 800) {
      #expect(Day(Day(ordinal: ordinal).description)?.ordinal == ordinal)
    }
    for ordinal in Int32(2_932_896 - 800)...Int32(2_932_896) {
      #expect(Day(Day(ordinal: ordinal).description)?.ordinal == ordinal)
    }
  }

  @Test func agreesWithFoundationsGregorianCalendar() throws {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let epoch = Date(timeIntervalSince1970: 0)
    for ordinal in stride(from: Int32(-30_000), through: 60_000, by: 97) {
      let date = calendar.date(byAdding: .day, value: Int(ordinal), to: epoch)!
      let parts = calendar.dateComponents([.year, .month, .day], from: date)
      let ours = Day(ordinal: ordinal).components
      #expect(ours.year == parts.year && ours.month == parts.month && ours.day == parts.day, "ordinal \(ordinal)")
    }
  }

  // MARK: Arithmetic

  @Test func addingAndCountingDays() throws {
    let start = try day("2026-02-27")
    #expect(start.adding(days: 2).description == "2026-03-01")
    #expect(try day("2024-02-27").adding(days: 2).description == "2024-02-29")
    #expect(try day("2026-12-31").adding(days: 1).description == "2027-01-01")
    #expect(try day("2026-01-01").adding(days: -1).description == "2025-12-31")
    #expect(start.adding(days: 0) == start)
    #expect(start.days(until: try day("2027-02-27")) == 365)
    #expect(try day("2024-01-01").days(until: try day("2025-01-01")) == 366)
    #expect(try day("2026-03-01").days(until: start) == -2)
  }

  @Test func ordering() throws {
    let days = try ["2026-01-05", "2025-12-31", "2026-01-04", "1999-07-01"].map { try day($0) }
    #expect(days.sorted().map(\.description) == ["1999-07-01", "2025-12-31", "2026-01-04", "2026-01-05"])
    #expect(try day("2026-01-05") == Day(year: 2026, month: 1, day: 5))
  }

  @Test(arguments: [
    ("2026-01-15", "2026-01-15", 0),
    ("2026-01-15", "2026-02-14", 0),
    ("2026-01-15", "2026-02-15", 1),
    ("2026-01-15", "2027-01-14", 11),
    ("2026-01-15", "2027-01-15", 12),
    ("2025-12-16", "2026-01-15", 0),
    ("2025-12-15", "2026-01-15", 1),
    ("2026-01-31", "2026-02-28", 0),
    ("2026-01-31", "2026-03-01", 1),
    ("2026-01-31", "2026-03-31", 2),
    ("2024-02-29", "2025-02-28", 11),
    ("2024-02-29", "2025-03-01", 12),
    ("2024-02-29", "2028-02-29", 48),
    ("2026-03-15", "2026-01-20", -1),
    ("2026-03-15", "2026-01-15", -2),
    ("2026-03-15", "2026-03-01", 0),
    ("2027-01-15", "2026-01-15", -12),
  ])
  func monthsUntil(from: String, to: String, months: Int) throws {
    #expect(try day(from).months(until: try day(to)) == months, "\(from) → \(to)")
  }

  @Test func monthsUntilIsMonotonic() throws {
    let start = try day("2024-01-31")
    var last = 0
    for offset in 0...800 {
      let months = start.months(until: start.adding(days: offset))
      #expect(months >= last, "\(start.adding(days: offset))")
      #expect(months <= offset / 28)
      last = months
    }
  }
}
