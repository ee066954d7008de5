/// The vocabulary as CSV-ready bytes (quoted where RFC 4180 needs it), computed once.
enum Encoded {
  static let firstDisplay: [[UInt8]] = Vocabulary.firstNames.map { unquoted($0.display) }
  static let lastDisplay: [[UInt8]] = Vocabulary.lastNames.map { unquoted($0.display) }
  static let firstSlug: [[UInt8]] = Vocabulary.firstNames.map { Array($0.slug.utf8) }
  static let lastSlug: [[UInt8]] = Vocabulary.lastNames.map { Array($0.slug.utf8) }
  static let departments: [[UInt8]] = Vocabulary.departments.map { field($0.name) }
  static let titles: [[[UInt8]]] = Vocabulary.departments.map { $0.titles.map(field) }
  static let locations: [[UInt8]] = Vocabulary.locations.map(field)
  static let header: [UInt8] =
    Array(Vocabulary.header.map { String(decoding: field($0), as: UTF8.self) }.joined(separator: ",").utf8) + [0x0A]
  static let emailSuffix: [UInt8] = Array("@\(Vocabulary.emailDomain)".utf8)
  static let pictureBase: [UInt8] = Array(Vocabulary.pictureBase.utf8)
  static let pictureSuffix: [UInt8] = Array(".jpg".utf8)
  static let costCenterPrefix: [UInt8] = Array("CC-".utf8)

  /// A CSV field: quoted, with quotes doubled, when it holds a comma, quote or line break.
  static func field(_ text: String) -> [UInt8] {
    let bytes = Array(text.utf8)
    guard bytes.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return bytes }
    var out: [UInt8] = [0x22]
    for byte in bytes {
      if byte == 0x22 { out.append(0x22) }
      out.append(byte)
    }
    out.append(0x22)
    return out
  }

  /// Names are concatenated inside one field, so they must never need quoting.
  static func unquoted(_ text: String) -> [UInt8] {
    let bytes = field(text)
    precondition(bytes.first != 0x22, "name '\(text)' would need quoting")
    return bytes
  }

  static func appendNumber(_ value: Int, width: Int, to out: inout [UInt8]) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
      var count = 0
      var rest = value
      repeat {
        digits[count] = UInt8(48 + rest % 10)
        rest /= 10
        count += 1
      } while rest > 0
      for _ in count..<max(count, width) { out.append(48) }
      for index in stride(from: count - 1, through: 0, by: -1) { out.append(digits[index]) }
    }
  }

  static func employeeID(_ number: Int32) -> [UInt8] {
    var out: [UInt8] = [UInt8(ascii: "E")]
    appendNumber(Int(number), width: 7, to: &out)
    return out
  }

  static func appendEmail(_ person: GeneratedPerson, to out: inout [UInt8]) {
    let first = firstSlug[Int(person.first)]
    if person.emailStyle == 0 {
      out.append(contentsOf: first)
      out.append(UInt8(ascii: "."))
    } else {
      out.append(first[0])
    }
    out.append(contentsOf: lastSlug[Int(person.last)])
    out.append(UInt8(ascii: "."))
    appendNumber(Int(person.number), width: 1, to: &out)
    out.append(contentsOf: emailSuffix)
  }
}
