/// A calendar date as days since 1970-01-01, printed as `YYYY-MM-DD`.
///
/// The generator keeps its own tiny date type so that it depends on nothing but the
/// standard library, and cannot accidentally share a bug with the product's date parser.
public struct CivilDay: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var ordinal: Int

  public init(ordinal: Int) { self.ordinal = ordinal }

  public init(year: Int, month: Int, day: Int) {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
    ordinal = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468
  }

  /// Parses `YYYY-MM-DD` (no validation beyond the shape; for command-line defaults).
  public init?(_ text: String) {
    let parts = text.split(separator: "-")
    guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
      (1...12).contains(m), (1...31).contains(d)
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  public var components: (year: Int, month: Int, day: Int) {
    let z = ordinal + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }

  public func adding(days: Int) -> CivilDay { CivilDay(ordinal: ordinal + days) }

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

  public static func < (lhs: CivilDay, rhs: CivilDay) -> Bool { lhs.ordinal < rhs.ordinal }
}
