/// A SCIM schema: its URN, a name and its attributes (RFC 7643 §7).
public struct SCIMSchema: Equatable, Sendable {
  /// The schema's URN.
  public var id: String
  /// The schema's name (`User`).
  public var name: String
  /// What the schema describes.
  public var description: String
  /// The schema's attributes, in the order the /Schemas document lists them.
  public var attributes: [SCIMAttribute]

  /// The attribute with this name, compared case-insensitively.
  public func attribute(named name: String) -> SCIMAttribute? {
    attributes.first { $0.name.caseInsensitiveEquals(name) }
  }
}
