import PeopleSyncCore

/// A calendar date as days since 1970-01-01, printed as `YYYY-MM-DD`.
///
/// The generator keeps its own tiny date type, with its own lax parser for command-line defaults,
/// so that it cannot accidentally share a bug with the product's date parser. The calendar
/// arithmetic is `Day`'s, which `DayTests` checks across the whole Gregorian range.
public struct CivilDay: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// Days since 1970-01-01.
  public var ordinal: Int

  /// The day `ordinal` days after 1970-01-01.
  public init(ordinal: Int) { self.ordinal = ordinal }

  /// The day of a year, month and day, not checked.
  public init(year: Int, month: Int, day: Int) {
    ordinal = Day.daysFromCivil(year: year, month: month, day: day)
  }

  /// Parses `YYYY-MM-DD` (no validation beyond the shape; for command-line defaults).
  public init?(_ text: String) {
    let parts = text.split(separator: "-")
    guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
      (1...12).contains(m), (1...31).contains(d)
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// The year, month and day.
  public var components: (year: Int, month: Int, day: Int) { Day.civil(fromDays: ordinal) }

  /// The day `days` later (earlier when negative).
  public func adding(days: Int) -> CivilDay { CivilDay(ordinal: ordinal + days) }

  /// `YYYY-MM-DD`.
  public var description: String {
    var bytes: [UInt8] = []
    appendISO(to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends `YYYY-MM-DD` without going through String.
  func appendISO(to out: inout [UInt8]) {
    let (y, m, d) = components
    out.append(UInt8(48 + y / 1000 % 10))
    out.append(UInt8(48 + y / 100 % 10))
    out.append(UInt8(48 + y / 10 % 10))
    out.append(UInt8(48 + y % 10))
    out.append(0x2D)
    out.append(UInt8(48 + m / 10))
    out.append(UInt8(48 + m % 10))
    out.append(0x2D)
    out.append(UInt8(48 + d / 10))
    out.append(UInt8(48 + d % 10))
  }

  /// Earlier days sort first.
  public static func < (lhs: CivilDay, rhs: CivilDay) -> Bool { lhs.ordinal < rhs.ordinal }
}
