/// The schemas this server supports, as RFC 7643 §4 and §8.7 define them.
extension SCIMSchema {
  /// The URN of the core User schema.
  public static let userID = "urn:ietf:params:scim:schemas:core:2.0:User"
  /// The URN of the Enterprise User extension.
  public static let enterpriseUserID = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
  /// The URN of the core Group schema.
  public static let groupID = "urn:ietf:params:scim:schemas:core:2.0:Group"
  /// The pre-RFC core URN that OneLogin templates still send.
  public static let legacyCoreID = "urn:scim:schemas:core:2.0"

  /// The attributes every resource has (RFC 7643 §3.1); the /Schemas documents leave them out, as the RFC's do.
  public static let commonAttributes: [SCIMAttribute] = [
    SCIMAttribute(
      "id", .string, description: "Unique identifier for the SCIM resource, assigned by the service provider.", caseExact: true,
      mutability: .readOnly, returned: .always, uniqueness: .server),
    SCIMAttribute(
      "externalId", .string, description: "Identifier of the resource as defined by the provisioning client.", caseExact: true),
    SCIMAttribute(
      "meta", .complex, description: "Resource metadata.", mutability: .readOnly,
      subAttributes: [
        SCIMAttribute("resourceType", .string, description: "The name of the resource type.", caseExact: true, mutability: .readOnly),
        SCIMAttribute("created", .dateTime, description: "When the resource was added.", mutability: .readOnly),
        SCIMAttribute("lastModified", .dateTime, description: "When the resource was last changed.", mutability: .readOnly),
        SCIMAttribute(
          "location", .reference, description: "The URI of the resource.", caseExact: true, mutability: .readOnly, referenceTypes: ["uri"]),
        SCIMAttribute("version", .string, description: "The version (ETag) of the resource.", caseExact: true, mutability: .readOnly),
      ]),
  ]

  /// A multi-valued complex attribute with `value`, `type`, `primary` and `display`, like `emails`.
  private static func plural(_ name: String, _ description: String, valueType: SCIMAttribute.DataType = .string, types: [String])
    -> SCIMAttribute
  {
    SCIMAttribute(
      name, .complex, multiValued: true, description: description,
      subAttributes: [
        SCIMAttribute("value", valueType, description: "The value.", referenceTypes: valueType == .reference ? ["external"] : []),
        SCIMAttribute("display", .string, description: "A human-readable name, primarily used for display purposes."),
        SCIMAttribute("type", .string, description: "A label indicating the attribute's function.", canonicalValues: types),
        SCIMAttribute("primary", .boolean, description: "Whether this is the preferred value."),
      ])
  }

  private static func string(_ name: String, _ description: String) -> SCIMAttribute {
    SCIMAttribute(name, .string, description: description)
  }

  /// The core User schema.
  public static let user = SCIMSchema(
    id: userID, name: "User", description: "User Account",
    attributes: [
      SCIMAttribute(
        "userName", .string, description: "Unique identifier for the User, used to authenticate.", required: true, uniqueness: .server),
      SCIMAttribute(
        "name", .complex, description: "The components of the user's real name.",
        subAttributes: [
          string("formatted", "The full name, formatted for display."),
          string("familyName", "The family name of the User."),
          string("givenName", "The given name of the User."),
          string("middleName", "The middle name(s) of the User."),
          string("honorificPrefix", "The honorific prefix(es) of the User."),
          string("honorificSuffix", "The honorific suffix(es) of the User."),
        ]),
      string("displayName", "The name of the User, suitable for display to end-users."),
      string("nickName", "The casual way to address the user."),
      SCIMAttribute("profileUrl", .reference, description: "A URI of the User's online profile.", referenceTypes: ["external"]),
      string("title", "The user's title, such as \"Vice President\"."),
      string("userType", "The relationship between the organization and the user."),
      string("preferredLanguage", "The User's preferred written or spoken language."),
      string("locale", "The User's default location, for localizing items such as currency and dates."),
      string("timezone", "The User's time zone in the 'Olson' time zone database format."),
      SCIMAttribute("active", .boolean, description: "The User's administrative status."),
      SCIMAttribute(
        "password", .string, description: "The User's cleartext password; accepted and never stored.", mutability: .writeOnly,
        returned: .never),
      plural("emails", "Email addresses for the user.", types: ["work", "home", "other"]),
      plural("phoneNumbers", "Phone numbers for the User.", types: ["work", "home", "mobile", "fax", "pager", "other"]),
      SCIMAttribute(
        "addresses", .complex, multiValued: true, description: "A physical mailing address for this User.",
        subAttributes: [
          string("formatted", "The full mailing address, formatted for display."),
          string("streetAddress", "The full street address component."),
          string("locality", "The city or locality component."),
          string("region", "The state or region component."),
          string("postalCode", "The zip code or postal code component."),
          string("country", "The country name component."),
          SCIMAttribute(
            "type", .string, description: "A label indicating the attribute's function.", canonicalValues: ["work", "home", "other"]),
          SCIMAttribute("primary", .boolean, description: "Whether this is the preferred mailing address."),
        ]),
      plural("photos", "URLs of photos of the User.", valueType: .reference, types: ["photo", "thumbnail"]),
      SCIMAttribute(
        "groups", .complex, multiValued: true, description: "The groups the user belongs to.", mutability: .readOnly,
        subAttributes: [
          SCIMAttribute("value", .string, description: "The identifier of the Group.", mutability: .readOnly),
          SCIMAttribute("$ref", .reference, description: "The URI of the Group.", mutability: .readOnly, referenceTypes: ["Group"]),
          SCIMAttribute("display", .string, description: "The display name of the Group.", mutability: .readOnly),
          SCIMAttribute(
            "type", .string, description: "How the membership was derived.", mutability: .readOnly, canonicalValues: ["direct", "indirect"]),
        ]),
    ])

  /// The Enterprise User extension.
  public static let enterpriseUser = SCIMSchema(
    id: enterpriseUserID, name: "EnterpriseUser", description: "Enterprise User",
    attributes: [
      string("employeeNumber", "A string identifier, typically numeric or alphanumeric, assigned to a person."),
      string("costCenter", "The name of a cost center."),
      string("organization", "The name of an organization."),
      string("division", "The name of a division."),
      string("department", "The name of a department."),
      SCIMAttribute(
        "manager", .complex, description: "The User's manager.",
        subAttributes: [
          string("value", "The id of the SCIM resource representing the User's manager."),
          SCIMAttribute("$ref", .reference, description: "The URI of the manager's resource.", referenceTypes: ["User"]),
          SCIMAttribute("displayName", .string, description: "The displayName of the User's manager.", mutability: .readOnly),
        ]),
    ])

  /// The core Group schema.
  public static let group = SCIMSchema(
    id: groupID, name: "Group", description: "Group",
    attributes: [
      SCIMAttribute("displayName", .string, description: "A human-readable name for the Group.", required: true),
      SCIMAttribute(
        "members", .complex, multiValued: true, description: "A list of members of the Group.",
        subAttributes: [
          SCIMAttribute("value", .string, description: "The identifier of the member.", caseExact: true, mutability: .immutable),
          SCIMAttribute(
            "$ref", .reference, description: "The URI of the member.", mutability: .immutable, referenceTypes: ["User", "Group"]),
          SCIMAttribute("display", .string, description: "A human-readable name of the member.", mutability: .readOnly),
          SCIMAttribute(
            "type", .string, description: "The type of the member.", mutability: .immutable, canonicalValues: ["User", "Group"]),
        ]),
    ])
}

extension SCIMResourceType {
  /// `/Users`, with the Enterprise User extension.
  public static let user = SCIMResourceType(
    name: "User", endpoint: "/Users", description: "User Account", schema: .user, extensions: [.enterpriseUser],
    legacySchemaIDs: [SCIMSchema.legacyCoreID])

  /// `/Groups`.
  public static let group = SCIMResourceType(
    name: "Group", endpoint: "/Groups", description: "Group", schema: .group, legacySchemaIDs: [SCIMSchema.legacyCoreID])
}
