/// A date layout an HR system writes, such as `YYYY-MM-DD` or `MM/DD/YYYY`: `YYYY` a four-digit
/// year, `MM`/`DD` two-digit month and day, `M`/`D` one or two digits, anything else literal.
/// A time or zone after the date (`T00:00:00Z`, `-08:00`) is ignored: dates stay plain dates.
public struct DateFormat: Equatable, Sendable, CustomStringConvertible {
  enum Token: Equatable, Sendable {
    case year, month2, day2, month, day
    case literal(Character)
  }

  let tokens: [Token]
  /// The pattern as written.
  public let description: String

  /// `YYYY-MM-DD`, what PeopleSync writes.
  public static let iso = DateFormat(pattern: "YYYY-MM-DD")!
  /// The layouts tried when a source configures none: ISO, then the US layout.
  public static let defaults = [iso, DateFormat(pattern: "MM/DD/YYYY")!]

  /// Reads a pattern; nil when it has no year, month and day, or has one twice.
  public init?(pattern: String) {
    var tokens: [Token] = []
    var rest = Substring(pattern)
    while !rest.isEmpty {
      if rest.hasPrefix("YYYY") {
        tokens.append(.year)
        rest = rest.dropFirst(4)
      } else if rest.hasPrefix("MM") {
        tokens.append(.month2)
        rest = rest.dropFirst(2)
      } else if rest.hasPrefix("DD") {
        tokens.append(.day2)
        rest = rest.dropFirst(2)
      } else if rest.hasPrefix("M") {
        tokens.append(.month)
        rest = rest.dropFirst()
      } else if rest.hasPrefix("D") {
        tokens.append(.day)
        rest = rest.dropFirst()
      } else if let first = rest.first, !first.isLetter, !first.isNumber {
        tokens.append(.literal(first))
        rest = rest.dropFirst()
      } else {
        return nil
      }
    }
    // Exactly one year, one month and one day.
    guard tokens.filter({ $0 == .year }).count == 1, tokens.filter({ $0 == .month || $0 == .month2 }).count == 1,
      tokens.filter({ $0 == .day || $0 == .day2 }).count == 1
    else { return nil }
    self.tokens = tokens
    description = pattern
  }

  /// The date `text` holds in this layout, or nil.
  public func day(from text: String) -> Day? {
    var characters = Substring(text)
    var year: Int?
    var month: Int?
    var day: Int?
    func digits(_ minimum: Int, _ maximum: Int) -> Int? {
      let run = characters.prefix(maximum).prefix { $0.isASCII && $0.isNumber }
      guard run.count >= minimum else { return nil }
      characters = characters.dropFirst(run.count)
      return Int(run)
    }
    for token in tokens {
      switch token {
      case .year: year = digits(4, 4)
      case .month2: month = digits(2, 2)
      case .day2: day = digits(2, 2)
      case .month: month = digits(1, 2)
      case .day: day = digits(1, 2)
      case .literal(let character):
        guard characters.first == character else { return nil }
        characters = characters.dropFirst()
      }
    }
    guard let year, let month, let day, Self.isTimeOrZone(characters) else { return nil }
    return Day(year: year, month: month, day: day)
  }

  /// Nothing, or what may follow a date: `T…`, a space and a time, `Z`, or an offset `±hh:mm`.
  static func isTimeOrZone(_ rest: Substring) -> Bool {
    guard let first = rest.first else { return true }
    let next = rest.dropFirst().first
    switch first {
    case "T", " ": return next?.isNumber ?? false
    case "Z": return rest.count == 1
    case "+", "-": return next?.isNumber ?? false
    default: return false
    }
  }
}
