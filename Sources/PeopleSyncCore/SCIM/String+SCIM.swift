extension String {
  /// ASCII-insensitive equality, which is what attribute names and URNs need.
  func caseInsensitiveEquals(_ other: String) -> Bool {
    // Attribute names and URNs are ASCII: compared byte by byte, folding letters only, without
    // making two lower-cased copies per comparison (schema lookups run many per request).
    if utf8.count == other.utf8.count,
      zip(utf8, other.utf8).allSatisfy({ x, y in x == y || (x ^ y == 0x20 && (0x61...0x7A).contains(x | 0x20)) })
    {
      return true
    }
    guard utf8.contains(where: { $0 >= 0x80 }) || other.utf8.contains(where: { $0 >= 0x80 }) else { return false }
    return lowercased() == other.lowercased()
  }

  /// Without leading and trailing spaces (only U+0020), as SCIM paths and attribute lists are written.
  var trimmingSpaces: String {
    String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}
