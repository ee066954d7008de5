/// ISO 8601 / RFC 3339 date-times as comparable instants, without a calendar or time zone database.
enum SCIMDateTime {
  /// Seconds since 1970-01-01T00:00:00Z, or `nil` when the text is not
  /// `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`.
  static func seconds(_ text: String) -> Double? {
    let chars = Array(text.utf8)
    func number(_ range: Range<Int>) -> Int? {
      guard range.upperBound <= chars.count else { return nil }
      var result = 0
      for c in chars[range] {
        guard (48...57).contains(c) else { return nil }
        result = result * 10 + Int(c - 48)
      }
      return result
    }
    guard chars.count >= 20, chars[4] == 45, chars[7] == 45, chars[10] == 84 || chars[10] == 116, chars[13] == 58, chars[16] == 58,
      let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
      let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
      (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
    else { return nil }
    var position = 19
    var fraction = 0.0
    if chars[position] == 46 {
      var scale = 0.1
      position += 1
      let start = position
      while position < chars.count, (48...57).contains(chars[position]) {
        fraction += Double(chars[position] - 48) * scale
        scale /= 10
        position += 1
      }
      guard position > start, position < chars.count else { return nil }
    }
    var offset = 0
    switch chars[position] {
    case 90, 122:
      guard position == chars.count - 1 else { return nil }
    case 43, 45:
      guard chars.count == position + 6, chars[position + 3] == 58, let h = number(position + 1..<position + 3),
        let m = number(position + 4..<position + 6)
      else { return nil }
      offset = (h * 60 + m) * 60 * (chars[position] == 45 ? -1 : 1)
    default: return nil
    }
    let days = daysFromCivil(year, month, day)
    return Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
  private static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }
}
