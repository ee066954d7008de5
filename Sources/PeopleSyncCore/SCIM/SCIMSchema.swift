/// A SCIM schema: its URN, a name and its attributes (RFC 7643 §7).
public struct SCIMSchema: Equatable, Sendable {
  public var id: String
  public var name: String
  public var description: String
  public var attributes: [SCIMAttribute]

  /// The attribute with this name, compared case-insensitively.
  public func attribute(named name: String) -> SCIMAttribute? {
    attributes.first { $0.name.caseInsensitiveEquals(name) }
  }
}
