/// A PATCH `path` (RFC 7644 §3.5.2): an attribute path, or a value path with a
/// filter and an optional sub-attribute, e.g. `emails[type eq "work"].value`.
public struct SCIMPatchPath: Equatable, Sendable {
  /// The attribute the path starts at.
  public var attribute: SCIMAttributePath
  /// The filter selecting values of a multi-valued attribute, relative to each value.
  public var filter: SCIMFilter?
  /// The sub-attribute after the closing bracket.
  public var valueSubAttribute: String?

  /// A path to `attribute`, to its values `filter` selects, or to a sub-attribute of those.
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
