/// A SCIM schema: its URN, a name and its attributes (RFC 7643 §7).
package struct SCIMSchema: Equatable, Sendable {
  /// The schema's URN.
  package var id: String
  /// The schema's name (`User`).
  package var name: String
  /// What the schema describes.
  package var description: String
  /// The schema's attributes, in the order the /Schemas document lists them.
  package var attributes: [SCIMAttribute]

  /// The attribute with this name, compared case-insensitively.
  package func attribute(named name: String) -> SCIMAttribute? {
    attributes.first { $0.name.caseInsensitiveEquals(name) }
  }
}
