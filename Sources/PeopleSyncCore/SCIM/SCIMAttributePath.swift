/// An `attrPath` of RFC 7644 §3.10: an optional schema URN, an attribute name and
/// an optional sub-attribute, e.g. `name.givenName` or
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber`.
public struct SCIMAttributePath: Equatable, Sendable, CustomStringConvertible {
  /// The schema URN as written, or `nil` when the path has none.
  public var schema: String?
  public var name: String
  public var subAttribute: String?

  public init(schema: String? = nil, name: String, subAttribute: String? = nil) {
    self.schema = schema
    self.name = name
    self.subAttribute = subAttribute
  }

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

/// A PATCH `path` (RFC 7644 §3.5.2): an attribute path, or a value path with a
/// filter and an optional sub-attribute, e.g. `emails[type eq "work"].value`.
public struct SCIMPatchPath: Equatable, Sendable {
  public var attribute: SCIMAttributePath
  /// The filter selecting values of a multi-valued attribute, relative to each value.
  public var filter: SCIMFilter?
  /// The sub-attribute after the closing bracket.
  public var valueSubAttribute: String?

  public init(attribute: SCIMAttributePath, filter: SCIMFilter? = nil, valueSubAttribute: String? = nil) {
    self.attribute = attribute
    self.filter = filter
    self.valueSubAttribute = valueSubAttribute
  }

  /// Parses a PATCH path; errors are `invalidPath` and say where the text went wrong.
  public static func parse(_ text: String) throws(SCIMError) -> SCIMPatchPath {
    guard let open = text.firstIndex(of: "[") else {
      guard let path = SCIMAttributePath(parsing: text.trimmingSpaces) else {
        throw .invalidPath("'\(text.prefix(100))' is not an attribute path")
      }
      return SCIMPatchPath(attribute: path)
    }
    guard let close = text.lastIndex(of: "]"), close > open else {
      throw .invalidPath("the '[' at offset \(text.distance(from: text.startIndex, to: open)) of the path is never closed")
    }
    let head = String(text[..<open])
    guard let attribute = SCIMAttributePath(parsing: head), attribute.subAttribute == nil else {
      throw .invalidPath("'\(head.prefix(100))' before '[' is not an attribute name")
    }
    let filter: SCIMFilter
    do {
      filter = try SCIMFilter.parse(String(text[text.index(after: open)..<close]), insideValuePath: true)
    } catch {
      throw .invalidPath("the filter of path '\(text.prefix(100))': \(error.detail)")
    }
    let tail = text[text.index(after: close)...]
    var sub: String?
    if !tail.isEmpty {
      guard tail.hasPrefix("."), SCIMAttributePath.isAttributeName(tail.dropFirst()) else {
        throw .invalidPath("'\(tail.prefix(100))' after ']' is not a sub-attribute")
      }
      sub = String(tail.dropFirst())
    }
    return SCIMPatchPath(attribute: attribute, filter: filter, valueSubAttribute: sub)
  }
}

extension String {
  var trimmingSpaces: String {
    String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
  }
}
