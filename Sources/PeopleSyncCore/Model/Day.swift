/// A calendar date without a time or zone, as HR systems send them (`YYYY-MM-DD`).
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// Days since 1970-01-01 in the proleptic Gregorian calendar.
  public let ordinal: Int32

  /// The date `ordinal` days after 1970-01-01 (before it when negative).
  public init(ordinal: Int32) { self.ordinal = ordinal }

  /// The date for a year, month and day, or nil when it does not exist (2026-02-30).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
      day <= Day.daysIn(month: month, year: year)
    else { return nil }
    ordinal = Int32(Day.daysFromCivil(year: year, month: month, day: day))
  }

  /// Parses exactly `YYYY-MM-DD`; anything else (other separators, times, missing zeros) is nil.
  public init?(_ text: String) {
    var text = text
    guard let day = text.withUTF8({ Day(bytes: $0) }) else { return nil }
    self = day
  }

  /// Parses `YYYY-MM-DD` from a substring.
  public init?(_ text: Substring) { self.init(String(text)) }

  /// Parses `YYYY-MM-DD` from UTF-8 bytes.
  public init?(bytes: UnsafeBufferPointer<UInt8>) {
    guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for index in range {
        let digit = Int(bytes[index]) - 48
        guard (0...9).contains(digit) else { return nil }
        value = value * 10 + digit
      }
      return value
    }
    guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// The year, month and day of this date.
  public var components: (year: Int, month: Int, day: Int) { Day.civil(fromDays: Int(ordinal)) }

  /// `YYYY-MM-DD`.
  public var description: String { String(decoding: bytes, as: UTF8.self) }

  /// `YYYY-MM-DD` as bytes, for writers that build output byte by byte.
  public var bytes: [UInt8] {
    let (y, m, d) = components
    return [
      UInt8(48 + y / 1000), UInt8(48 + y / 100 % 10), UInt8(48 + y / 10 % 10), UInt8(48 + y % 10), 0x2D,
      UInt8(48 + m / 10), UInt8(48 + m % 10), 0x2D, UInt8(48 + d / 10), UInt8(48 + d % 10),
    ]
  }

  /// The date `days` later (earlier when negative).
  public func adding(days: Int) -> Day { Day(ordinal: ordinal + Int32(days)) }

  /// Whole days from `self` to `other`.
  public func days(until other: Day) -> Int { Int(other.ordinal - ordinal) }

  /// Whole calendar months from `self` to `other` (a month counts once its day of month is reached).
  public func months(until other: Day) -> Int {
    let (y1, m1, d1) = components
    let (y2, m2, d2) = other.components
    var months = (y2 - y1) * 12 + (m2 - m1)
    if other >= self {
      if d2 < d1 { months -= 1 }
    } else if d2 > d1 {
      months += 1
    }
    return months
  }

  /// Earlier dates sort first.
  public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days since 1970-01-01 of a year, month and day, not checked (`init?(year:month:day:)` checks).
  ///
  /// This and `civil(fromDays:)` are Howard Hinnant's algorithms, exact for the whole Gregorian
  /// range; the people generator's `CivilDay` counts its days with them too.
  public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  /// The year, month and day of a count of days since 1970-01-01.
  public static func civil(fromDays days: Int) -> (Int, Int, Int) {
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }
}
