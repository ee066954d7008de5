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

/// A resource type: the endpoint, its core schema and its schema extensions (RFC 7643 §6).
public struct SCIMResourceType: Equatable, Sendable {
  public var name: String
  public var endpoint: String
  public var description: String
  public var schema: SCIMSchema { didSet { indexCoreAttributes() } }
  public var extensions: [SCIMSchema]
  /// Schema URNs that old clients send for the core schema, read as `schema.id`.
  public var legacySchemaIDs: [String]

  public init(
    name: String, endpoint: String, description: String, schema: SCIMSchema, extensions: [SCIMSchema] = [], legacySchemaIDs: [String] = []
  ) {
    self.name = name
    self.endpoint = endpoint
    self.description = description
    self.schema = schema
    coreAttributes = []
    coreIndex = [:]
    self.extensions = extensions
    self.legacySchemaIDs = legacySchemaIDs
    indexCoreAttributes()
  }

  private mutating func indexCoreAttributes() {
    coreAttributes = SCIMSchema.commonAttributes + schema.attributes
    coreIndex = [:]
    for attribute in coreAttributes where coreIndex[FieldRules.asciiLowercased(attribute.name)] == nil {
      coreIndex[FieldRules.asciiLowercased(attribute.name)] = attribute
    }
  }

  /// The core attributes, with the common ones (`id`, `externalId`, `meta`) first: kept, not
  /// joined again for each document.
  public private(set) var coreAttributes: [SCIMAttribute]

  /// By ASCII-lower-cased name, the first of `coreAttributes` of each: looked up several times per
  /// request, where a scan of the list was a few percent of a create's time.
  private var coreIndex: [String: SCIMAttribute]

  /// The core attribute with this name, common attributes included.
  public func coreAttribute(named name: String) -> SCIMAttribute? {
    // A name with other than ASCII letters may still fold to one (the Kelvin sign to k): scanned.
    guard name.utf8.allSatisfy({ $0 < 0x80 }) else { return coreAttributes.first { $0.name.caseInsensitiveEquals(name) } }
    return coreIndex[FieldRules.asciiLowercased(name)]
  }

  /// The extension whose URN this is, compared case-insensitively.
  public func extensionSchema(id: String) -> SCIMSchema? {
    extensions.first { $0.id.caseInsensitiveEquals(id) }
  }

  /// Whether the URN names the core schema, directly or by a legacy alias.
  public func isCoreSchema(_ id: String) -> Bool {
    schema.id.caseInsensitiveEquals(id) || legacySchemaIDs.contains { $0.caseInsensitiveEquals(id) }
  }

  /// Finds what an attribute path names: `nil` when this resource type has no such attribute.
  /// The sub-attribute is `nil` when the path names a whole attribute.
  public func resolve(_ path: SCIMAttributePath) -> SCIMResolvedAttribute? {
    let container: String?
    let attribute: SCIMAttribute?
    if let urn = path.schema, !isCoreSchema(urn) {
      guard let schema = extensionSchema(id: urn) else { return nil }
      container = schema.id
      attribute = schema.attribute(named: path.name)
    } else {
      container = nil
      attribute = coreAttribute(named: path.name)
    }
    guard let attribute else { return nil }
    guard let subName = path.subAttribute else {
      return SCIMResolvedAttribute(container: container, attribute: attribute, subAttribute: nil)
    }
    guard let sub = attribute.subAttribute(named: subName) else { return nil }
    return SCIMResolvedAttribute(container: container, attribute: attribute, subAttribute: sub)
  }
}

/// An attribute path bound to the schema: where its value lives and what it is.
public struct SCIMResolvedAttribute: Equatable, Sendable {
  /// The extension URN whose object holds the attribute, or `nil` for the core schema.
  public var container: String?
  public var attribute: SCIMAttribute
  public var subAttribute: SCIMAttribute?

  /// The attribute the path ends at.
  public var target: SCIMAttribute { subAttribute ?? attribute }

  /// The path in canonical spelling, for error details.
  public var displayName: String {
    (container.map { $0 + ":" } ?? "") + attribute.name + (subAttribute.map { "." + $0.name } ?? "")
  }
}

extension String {
  /// ASCII-insensitive equality, which is what attribute names and URNs need.
  func caseInsensitiveEquals(_ other: String) -> Bool {
    // Attribute names and URNs are ASCII: compared byte by byte, folding letters only, without
    // making two lower-cased copies per comparison (schema lookups run many per request).
    if utf8.count == other.utf8.count,
      zip(utf8, other.utf8).allSatisfy({ x, y in x == y || (x ^ y == 0x20 && (0x61...0x7A).contains(x | 0x20)) })
    {
      return true
    }
    guard utf8.contains(where: { $0 >= 0x80 }) || other.utf8.contains(where: { $0 >= 0x80 }) else { return false }
    return lowercased() == other.lowercased()
  }
}
