/// A SCIM schema: its URN, a name and its attributes (RFC 7643 §7).
public struct SCIMSchema: Equatable, Sendable {
  public var id: String
  public var name: String
  public var description: String
  public var attributes: [SCIMAttribute]

  public init(id: String, name: String, description: String, attributes: [SCIMAttribute]) {
    self.id = id
    self.name = name
    self.description = description
    self.attributes = attributes
  }

  /// The attribute with this name, compared case-insensitively.
  public func attribute(named name: String) -> SCIMAttribute? {
    attributes.first { $0.name.caseInsensitiveEquals(name) }
  }
}
