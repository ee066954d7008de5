/// An `attrPath` of RFC 7644 §3.10: an optional schema URN, an attribute name and
/// an optional sub-attribute, e.g. `name.givenName` or
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber`.
public struct SCIMAttributePath: Equatable, Sendable, CustomStringConvertible {
  /// The schema URN as written, or `nil` when the path has none.
  public var schema: String?
  /// The attribute's name as written.
  public var name: String
  /// The sub-attribute after the dot, or `nil`.
  public var subAttribute: String?

  /// A path naming `name` (and `subAttribute`) in `schema`, or in the core schema when `nil`.
  public init(schema: String? = nil, name: String, subAttribute: String? = nil) {
    self.schema = schema
    self.name = name
    self.subAttribute = subAttribute
  }

  /// The path as `attrPath` spells it.
  public var description: String {
    (schema.map { $0 + ":" } ?? "") + name + (subAttribute.map { "." + $0 } ?? "")
  }

  /// Parses a path; `nil` when the text is not an `attrPath`.
  public init?(parsing text: String) {
    var rest = Substring(text)
    if rest.lowercased().hasPrefix("urn:") {
      // The URN itself may contain dots ("2.0"), so the name starts after its last colon.
      guard let colon = rest.lastIndex(of: ":") else { return nil }
      schema = String(rest[..<colon])
      rest = rest[rest.index(after: colon)...]
    }
    let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count <= 2, parts.allSatisfy(Self.isAttributeName) else { return nil }
    name = String(parts[0])
    subAttribute = parts.count == 2 ? String(parts[1]) : nil
  }

  /// `ATTRNAME = ALPHA *(nameChar)`, plus `$ref`, which RFC 7643 uses although the ABNF forgets it.
  static func isAttributeName(_ text: Substring) -> Bool {
    guard let first = text.unicodeScalars.first else { return false }
    if text.lowercased() == "$ref" { return true }
    guard first.isASCIILetter else { return false }
    return text.unicodeScalars.allSatisfy { $0.isASCIILetter || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
  }
}

extension Unicode.Scalar {
  var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
