/// Checks of single field values, shared by every source kind.
public enum FieldRules {
  /// A practical email check: one `@`, a local part, a dotted domain, no spaces.
  public static func isValidEmail(_ email: String) -> Bool {
    var copy = email
    return copy.withUTF8 { isValidEmail(bytes: $0) }
  }

  /// The same check on UTF-8 bytes.
  public static func isValidEmail(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard bytes.count <= 254, let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0, at <= 64,
      bytes.lastIndex(of: UInt8(ascii: "@")) == at
    else { return false }
    let domain = bytes[(at + 1)...]
    guard domain.count >= 3, domain.contains(UInt8(ascii: ".")), domain.first != UInt8(ascii: "."),
      domain.last != UInt8(ascii: "."), domain.first != UInt8(ascii: "-")
    else { return false }
    // Copy-pasted cells bring no-break and zero-width spaces and byte order marks: not part of an address.
    if bytes.contains(where: { $0 >= 0x80 }),
      String(decoding: bytes, as: UTF8.self).unicodeScalars.contains(where: {
        $0.properties.isWhitespace || $0.properties.generalCategory == .format
      })
    {
      return false
    }
    var previous: UInt8 = 0
    for byte in bytes {
      if byte <= 0x20 || byte == 0x7F || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "<")
        || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"")
      {
        return false
      }
      if byte == UInt8(ascii: "."), previous == UInt8(ascii: ".") { return false }
      previous = byte
    }
    return true
  }

  /// An absolute http(s) URL with a host.
  public static func isValidPictureURL(_ url: String) -> Bool {
    var copy = url
    return copy.withUTF8 { isValidPictureURL(bytes: $0) }
  }

  /// The same check on UTF-8 bytes.
  public static func isValidPictureURL(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    func hasPrefix(_ prefix: StaticString) -> Bool {
      guard bytes.count >= prefix.utf8CodeUnitCount else { return false }
      let expected = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
      return zip(bytes, expected).allSatisfy { ($0 | 0x20) == $1 || $0 == $1 }
    }
    let start: Int
    if hasPrefix("https://") {
      start = 8
    } else if hasPrefix("http://") {
      start = 7
    } else {
      return false
    }
    let slash = UInt8(ascii: "/")
    guard start < bytes.count, bytes[start] != slash, bytes[start] != UInt8(ascii: "?"), bytes[start] != UInt8(ascii: "#") else {
      return false
    }
    return !bytes.contains(0x20)
  }

  /// Lowercases ASCII letters only; emails and identifiers compare this way, fast for ASCII.
  public static func asciiLowercased(_ text: String) -> String {
    var utf8 = text.utf8
    guard utf8.contains(where: { (65...90).contains($0) }) else { return text }
    return String(decoding: utf8.map { (65...90).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
  }
}
