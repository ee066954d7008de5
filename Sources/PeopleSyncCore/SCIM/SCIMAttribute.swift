/// One attribute of a SCIM schema with its characteristics (RFC 7643 §2.2, §7).
package struct SCIMAttribute: Equatable, Sendable {
  /// The data types of RFC 7643 §2.3, spelled as the RFC spells them.
  package enum DataType: String, Sendable {
    case string, boolean, decimal, integer, dateTime, reference, complex, binary
  }

  /// When a client may write the attribute.
  package enum Mutability: String, Sendable {
    case readOnly, readWrite, immutable, writeOnly
  }

  /// When the server returns the attribute.
  package enum Returned: String, Sendable {
    case always, never, `default`, request
  }

  /// The scope in which a value must be unique.
  package enum Uniqueness: String, Sendable {
    case none, server, global
  }

  /// The attribute's name, as the schema spells it.
  package var name: String
  /// The type of its values.
  package var type: DataType
  /// True when the attribute holds a list of values.
  package var multiValued = false
  /// What the attribute is, for the /Schemas document.
  package var description = ""
  /// True when a resource must have it.
  package var required = false
  /// True when its values compare case-sensitively.
  package var caseExact = false
  /// When a client may write it.
  package var mutability = Mutability.readWrite
  /// When the server returns it.
  package var returned = Returned.default
  /// Where its values must be unique.
  package var uniqueness = Uniqueness.none
  /// The attributes of a complex attribute's values.
  package var subAttributes: [SCIMAttribute] = []
  /// Values clients are expected to use (`work`, `home`), not enforced.
  package var canonicalValues: [String] = []
  /// What a reference may point at (`User`, `Group`, `external`).
  package var referenceTypes: [String] = []

  /// An attribute with RFC 7643's defaults for every characteristic not given.
  package init(
    _ name: String, _ type: DataType, multiValued: Bool = false, description: String = "", required: Bool = false,
    caseExact: Bool = false, mutability: Mutability = .readWrite, returned: Returned = .default, uniqueness: Uniqueness = .none,
    subAttributes: [SCIMAttribute] = [], canonicalValues: [String] = [], referenceTypes: [String] = []
  ) {
    self.name = name
    self.type = type
    self.multiValued = multiValued
    self.description = description
    self.required = required
    self.caseExact = caseExact
    self.mutability = mutability
    self.returned = returned
    self.uniqueness = uniqueness
    self.subAttributes = subAttributes
    self.canonicalValues = canonicalValues
    self.referenceTypes = referenceTypes
  }

  /// The sub-attribute with this name, compared case-insensitively as RFC 7643 §2.1 asks.
  package func subAttribute(named name: String) -> SCIMAttribute? {
    subAttributes.first { $0.name.caseInsensitiveEquals(name) }
  }

  /// Whether a client's write must be refused or ignored.
  var isReadOnly: Bool { mutability == .readOnly }
}
