import Testing

@testable import PeopleSyncCore

@Suite("SCIMSchema documents")
struct SCIMSchemaDocumentTests {
  @Test func userSchemaDocument() throws {
    let document = try #require(SCIMSchema.user.schemaDocument(baseURL: "https://h/scim/v2/acme").objectValue)
    #expect(document["id"] == .string(SCIMSchema.userID))
    #expect(document["schemas"] == json(#"["urn:ietf:params:scim:schemas:core:2.0:Schema"]"#))
    #expect(
      document["meta"]
        == json(#"{"resourceType":"Schema","location":"https://h/scim/v2/acme/Schemas/urn:ietf:params:scim:schemas:core:2.0:User"}"#))
    let attributes = (document["attributes"]?.arrayValue ?? []).compactMap { $0.objectValue }
    let userName = try #require(attributes.first { $0["name"] == .string("userName") })
    #expect(
      userName
        == json(
          #"""
          {"name":"userName","type":"string","multiValued":false,"description":"Unique identifier for the User, used to authenticate.",
           "required":true,"caseExact":false,"mutability":"readWrite","returned":"default","uniqueness":"server"}
          """#
        ).objectValue)
    let password = try #require(attributes.first { $0["name"] == .string("password") })
    #expect(password["mutability"] == .string("writeOnly"))
    #expect(password["returned"] == .string("never"))
    let emails = try #require(attributes.first { $0["name"] == .string("emails") })
    #expect(emails["multiValued"] == .bool(true))
    #expect(emails["subAttributes"]?.arrayValue?.count == 4)
    // Common attributes are not part of a schema document (RFC 7643 §3.1).
    #expect(!attributes.contains { $0["name"] == .string("id") })
  }

  @Test func everyAttributeHasEveryCharacteristic() {
    let required = ["name", "type", "multiValued", "description", "required", "caseExact", "mutability", "returned", "uniqueness"]
    func check(_ attribute: JSONObject) {
      for key in required { #expect(attribute[key] != nil, "\(attribute["name"] ?? .null) lacks \(key)") }
      if attribute["type"] == .string("reference") { #expect(attribute["referenceTypes"]?.arrayValue?.isEmpty == false) }
      for sub in attribute["subAttributes"]?.arrayValue ?? [] { check(sub.objectValue ?? JSONObject()) }
    }
    for schema in [SCIMSchema.user, .enterpriseUser, .group] {
      for attribute in schema.schemaDocument(baseURL: "").objectValue?["attributes"]?.arrayValue ?? [] {
        check(attribute.objectValue ?? JSONObject())
      }
    }
  }

  @Test func coreAttributesAreFoundWhateverTheCase() {
    let user = SCIMResourceType.user
    #expect(user.coreAttribute(named: "USERNAME")?.name == "userName")
    #expect(user.coreAttribute(named: "nickname")?.name == "nickName")
    #expect(user.coreAttribute(named: "ID")?.name == "id")
    #expect(user.coreAttribute(named: "Meta")?.name == "meta")
    #expect(user.coreAttribute(named: "userNam") == nil)
    #expect(user.coreAttribute(named: "") == nil)
    // Not ASCII, yet it folds to "nickname": the Kelvin sign lower-cases to k.
    #expect(user.coreAttribute(named: "NIC\u{212A}NAME")?.name == "nickName")
    #expect(SCIMResourceType.group.coreAttribute(named: "DISPLAYNAME")?.name == "displayName")
    #expect(SCIMResourceType.group.coreAttribute(named: "userName") == nil)
  }

  @Test func resourceTypeDocument() {
    let document = SCIMResourceType.user.resourceTypeDocument(baseURL: "/scim/v2/t").objectValue
    #expect(document?["endpoint"] == .string("/Users"))
    #expect(
      document?["schemaExtensions"] == json(#"[{"schema":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","required":false}]"#))
    #expect(SCIMResourceType.group.resourceTypeDocument(baseURL: "").objectValue?["schemaExtensions"] == nil)
  }

  @Test func errorBody() {
    let body = SCIMError.uniqueness("userName 'a' is taken").body
    #expect(
      JSONWriter.compact(body)
        == #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"409","scimType":"uniqueness","detail":"userName 'a' is taken"}"#
    )
    #expect(SCIMError.notFound("no user u9").body.objectValue?["scimType"] == nil)
    #expect(SCIMError.preconditionFailed("x").status == 412)
  }
}
