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

  public var name: String
  public var type: DataType
  public var multiValued = false
  public var description = ""
  public var required = false
  public var caseExact = false
  public var mutability = Mutability.readWrite
  public var returned = Returned.default
  public var uniqueness = Uniqueness.none
  public var subAttributes: [SCIMAttribute] = []
  public var canonicalValues: [String] = []
  public var referenceTypes: [String] = []

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
