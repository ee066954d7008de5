/// An attribute path bound to the schema: where its value lives and what it is.
public struct SCIMResolvedAttribute: Equatable, Sendable {
  /// The extension URN whose object holds the attribute, or `nil` for the core schema.
  public var container: String?
  /// The attribute the path names.
  public var attribute: SCIMAttribute
  /// The sub-attribute, when the path names one.
  public var subAttribute: SCIMAttribute?

  /// The attribute the path ends at.
  public var target: SCIMAttribute { subAttribute ?? attribute }

  /// The path in canonical spelling, for error details.
  public var displayName: String {
    (container.map { $0 + ":" } ?? "") + attribute.name + (subAttribute.map { "." + $0.name } ?? "")
  }
}
