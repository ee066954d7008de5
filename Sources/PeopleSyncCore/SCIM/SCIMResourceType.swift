/// A resource type: the endpoint, its core schema and its schema extensions (RFC 7643 §6).
public struct SCIMResourceType: Equatable, Sendable {
  /// The resource type's name (`User`).
  public var name: String
  /// Where its resources are served (`/Users`).
  public var endpoint: String
  /// What the resources are, for the /ResourceTypes document.
  public var description: String
  /// The core schema; setting it indexes its attributes again.
  public var schema: SCIMSchema { didSet { indexCoreAttributes() } }
  /// The schema extensions its resources may carry.
  public var extensions: [SCIMSchema]
  /// Schema URNs that old clients send for the core schema, read as `schema.id`.
  public var legacySchemaIDs: [String]

  /// A resource type; its core attributes are indexed once, here.
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
