/// A SCIM filter (RFC 7644 §3.4.2.2), as a tree. `and` and `or` hold their
/// operands in a list so that a long chain does not make a deep tree.
public indirect enum SCIMFilter: Equatable, Sendable {
  /// The comparison operators; `pr` is the separate `present` case.
  public enum Operator: String, Sendable, CaseIterable {
    case eq, ne, co, sw, ew, gt, ge, lt, le
  }

  /// `attrPath op compValue`, the value a JSON string, number, boolean or null.
  case compare(SCIMAttributePath, Operator, JSONValue)
  /// `attrPath pr`
  case present(SCIMAttributePath)
  case and([SCIMFilter])
  case or([SCIMFilter])
  case not(SCIMFilter)
  /// `attrPath[filter]`: some value of the attribute satisfies the filter,
  /// whose paths name sub-attributes. `emails[type eq "work"].value eq "x"`
  /// is read as `emails[type eq "work" and value eq "x"]`.
  case valuePath(SCIMAttributePath, SCIMFilter)

  /// The longest filter accepted, in characters; a longer one is refused before parsing.
  public static let maximumLength = 4096
  /// The deepest nesting of parentheses, `not` and brackets accepted.
  public static let maximumDepth = 32

  /// Parses a filter's syntax; errors are `invalidFilter` with the column where parsing stopped.
  public static func parse(_ text: String) throws(SCIMError) -> SCIMFilter {
    try parse(text, insideValuePath: false)
  }

  /// Parses a filter and checks it against a resource type's schema: unknown
  /// attributes and operators that do not fit an attribute's type are errors.
  public static func parse(_ text: String, for type: SCIMResourceType) throws(SCIMError) -> SCIMFilter {
    let filter = try parse(text)
    try filter.validate(for: type)
    return filter
  }

  static func parse(_ text: String, insideValuePath: Bool) throws(SCIMError) -> SCIMFilter {
    guard text.count <= maximumLength else {
      throw .invalidFilter("the filter is \(text.count) characters long; at most \(maximumLength) are accepted")
    }
    var parser = SCIMFilterParser(tokens: try SCIMFilterLexer.tokens(of: text), insideValuePath: insideValuePath)
    return try parser.parseFilter()
  }
}
