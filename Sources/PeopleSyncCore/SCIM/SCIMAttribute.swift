/// One attribute of a SCIM schema with its characteristics (RFC 7643 §2.2, §7).
public struct SCIMAttribute: Equatable, Sendable {
  /// The data types of RFC 7643 §2.3, spelled as the RFC spells them.
  public enum DataType: String, Sendable {
    case string, boolean, decimal, integer, dateTime, reference, complex, binary
  }

  /// When a client may write the attribute.
  public enum Mutability: String, Sendable {
    case readOnly, readWrite, immutable, writeOnly
  }

  /// When the server returns the attribute.
  public enum Returned: String, Sendable {
    case always, never, `default`, request
  }

  /// The scope in which a value must be unique.
  public enum Uniqueness: String, Sendable {
    case none, server, global
  }

  /// The attribute's name, as the schema spells it.
  public var name: String
  /// The type of its values.
  public var type: DataType
  /// True when the attribute holds a list of values.
  public var multiValued = false
  /// What the attribute is, for the /Schemas document.
  public var description = ""
  /// True when a resource must have it.
  public var required = false
  /// True when its values compare case-sensitively.
  public var caseExact = false
  /// When a client may write it.
  public var mutability = Mutability.readWrite
  /// When the server returns it.
  public var returned = Returned.default
  /// Where its values must be unique.
  public var uniqueness = Uniqueness.none
  /// The attributes of a complex attribute's values.
  public var subAttributes: [SCIMAttribute] = []
  /// Values clients are expected to use (`work`, `home`), not enforced.
  public var canonicalValues: [String] = []
  /// What a reference may point at (`User`, `Group`, `external`).
  public var referenceTypes: [String] = []

  /// An attribute with RFC 7643's defaults for every characteristic not given.
  public init(
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
  public func subAttribute(named name: String) -> SCIMAttribute? {
    subAttributes.first { $0.name.caseInsensitiveEquals(name) }
  }

  /// Whether a client's write must be refused or ignored.
  var isReadOnly: Bool { mutability == .readOnly }
}
