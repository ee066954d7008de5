extension SCIMSchema {
  /// The URN of a /Schemas resource.
  public static let schemaResourceID = "urn:ietf:params:scim:schemas:core:2.0:Schema"

  /// The schema as a /Schemas resource (RFC 7643 §7), with every characteristic
  /// spelled out so strict readers (scim2-models) need no defaults.
  /// `baseURL` is the tenant's SCIM root, e.g. `https://host/scim/v2/acme`.
  public func schemaDocument(baseURL: String) -> JSONValue {
    var object = JSONObject()
    object["schemas"] = .array([.string(Self.schemaResourceID)])
    object["id"] = .string(id)
    object["name"] = .string(name)
    object["description"] = .string(description)
    object["attributes"] = .array(attributes.map { $0.document })
    object["meta"] = .object(JSONObject([("resourceType", .string("Schema")), ("location", .string("\(baseURL)/Schemas/\(id)"))]))
    return .object(object)
  }
}

extension SCIMAttribute {
  /// The attribute definition of RFC 7643 §7.
  public var document: JSONValue {
    var object = JSONObject()
    object["name"] = .string(name)
    object["type"] = .string(type.rawValue)
    object["multiValued"] = .bool(multiValued)
    object["description"] = .string(description)
    object["required"] = .bool(required)
    object["caseExact"] = .bool(caseExact)
    if !canonicalValues.isEmpty { object["canonicalValues"] = .array(canonicalValues.map { .string($0) }) }
    if type == .reference { object["referenceTypes"] = .array(referenceTypes.map { .string($0) }) }
    object["mutability"] = .string(mutability.rawValue)
    object["returned"] = .string(returned.rawValue)
    object["uniqueness"] = .string(uniqueness.rawValue)
    if type == .complex { object["subAttributes"] = .array(subAttributes.map { $0.document }) }
    return .object(object)
  }
}

extension SCIMResourceType {
  /// The URN of a /ResourceTypes resource.
  public static let resourceTypeID = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"

  /// The resource type as a /ResourceTypes resource (RFC 7643 §6).
  public func resourceTypeDocument(baseURL: String) -> JSONValue {
    var object = JSONObject()
    object["schemas"] = .array([.string(Self.resourceTypeID)])
    object["id"] = .string(name)
    object["name"] = .string(name)
    object["endpoint"] = .string(endpoint)
    object["description"] = .string(description)
    object["schema"] = .string(schema.id)
    if !extensions.isEmpty {
      object["schemaExtensions"] = .array(
        extensions.map { .object(JSONObject([("schema", .string($0.id)), ("required", .bool(false))])) })
    }
    object["meta"] = .object(
      JSONObject([("resourceType", .string("ResourceType")), ("location", .string("\(baseURL)/ResourceTypes/\(name)"))]))
    return .object(object)
  }
}
