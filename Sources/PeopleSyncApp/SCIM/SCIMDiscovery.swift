import PeopleSyncCore

/// `/ServiceProviderConfig`, `/ResourceTypes` and `/Schemas`: advertising exactly what the server does.
enum SCIMDiscovery {
  static let listResponseID = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
  static let types: [SCIMResourceType] = [.user, .group]
  /// The most resources one page returns.
  static let maxResults = 1000

  static func serviceProviderConfig(baseURL: String) -> JSONValue {
    func supported(_ value: Bool) -> JSONValue { .object(JSONObject([("supported", .bool(value))])) }
    return .object(
      JSONObject([
        ("schemas", .array([.string("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig")])),
        ("documentationUri", .string("https://github.com/peoplesync/peoplesync/blob/main/docs/scim.md")),
        ("patch", supported(true)),
        ("bulk", .object(JSONObject([("supported", .bool(false)), ("maxOperations", .int(0)), ("maxPayloadSize", .int(0))]))),
        ("filter", .object(JSONObject([("supported", .bool(true)), ("maxResults", .int(maxResults))]))),
        ("changePassword", supported(false)),
        ("sort", supported(false)),
        ("etag", supported(true)),
        (
          "authenticationSchemes",
          .array([
            .object(
              JSONObject([
                ("type", .string("oauthbearertoken")), ("name", .string("Bearer token")),
                ("description", .string("A bearer token per tenant, minted with `peoplesync scim-token`.")),
                ("primary", .bool(true)),
              ]))
          ])
        ),
        (
          "meta",
          .object(
            JSONObject([("resourceType", .string("ServiceProviderConfig")), ("location", .string("\(baseURL)/ServiceProviderConfig"))]))
        ),
      ]))
  }

  static func resourceTypes(baseURL: String, id: String?) throws -> JSONValue {
    let documents = types.map { $0.resourceTypeDocument(baseURL: baseURL) }
    guard let id else { return listResponse(documents) }
    guard let type = types.first(where: { $0.name == id }) else { throw SCIMError.notFound("no resource type '\(id)'") }
    return type.resourceTypeDocument(baseURL: baseURL)
  }

  static func schemas(baseURL: String, id: String?) throws -> JSONValue {
    let all: [SCIMSchema] = [.user, .enterpriseUser, .group]
    guard let id else { return listResponse(all.map { $0.schemaDocument(baseURL: baseURL) }) }
    guard let schema = all.first(where: { $0.id == id }) else { throw SCIMError.notFound("no schema '\(id)'") }
    return schema.schemaDocument(baseURL: baseURL)
  }

  static func listResponse(_ resources: [JSONValue], total: Int? = nil, startIndex: Int = 1) -> JSONValue {
    .object(
      JSONObject([
        ("schemas", .array([.string(listResponseID)])), ("totalResults", .int(total ?? resources.count)), ("startIndex", .int(startIndex)),
        ("itemsPerPage", .int(resources.count)), ("Resources", .array(resources)),
      ]))
  }
}
