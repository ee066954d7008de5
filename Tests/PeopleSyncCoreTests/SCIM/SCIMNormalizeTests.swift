import Testing

@testable import PeopleSyncCore

@Suite("SCIMSchema.normalize")
struct SCIMNormalizeTests {
  private func normalize(_ body: String, _ type: SCIMResourceType = .user, sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue?
  {
    do {
      return try SCIMSchema.normalize(json(body), for: type)
    } catch {
      Issue.record("\(error)", sourceLocation: sourceLocation)
      return nil
    }
  }

  @Test func oktaCreateDropsPasswordGroupsAndIDs() {
    let user = normalize(
      #"""
      {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a@x","name":{"givenName":"A","familyName":"X"},
       "emails":[{"primary":true,"value":"a@x","type":"work"}],"displayName":"A X","locale":"en-US","externalId":"00u1",
       "groups":[],"password":"pw","active":true,"id":"client-chosen","meta":{"resourceType":"User"}}
      """#)
    #expect(
      user
        == json(
          #"""
          {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"externalId":"00u1","userName":"a@x","name":{"familyName":"X","givenName":"A"},
           "displayName":"A X","locale":"en-US","active":true,"emails":[{"value":"a@x","type":"work","primary":true}]}
          """#))
  }

  @Test func outputIsInSchemaOrderWhateverTheInputOrder() {
    let a = normalize(#"{"active":true,"userName":"a","displayName":"A"}"#).map(JSONWriter.compact)
    let b = normalize(#"{"displayName":"A","userName":"a","active":true}"#).map(JSONWriter.compact)
    #expect(a == b)
    #expect(a == #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a","displayName":"A","active":true}"#)
  }

  @Test func oneLoginTemplate() {
    let user = normalize(
      #"""
      {"schemas":["urn:scim:schemas:core:2.0","urn:scim:schemas:extension:enterprise:1.0"],"USERNAME":"b@x","Active":"true",
       "emails":{"value":"b@x","primary":"True"},"name":{"GivenName":"B","nosuch":"z"},"unknownThing":1}
      """#)
    #expect(
      user
        == json(
          #"""
          {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"b@x","name":{"givenName":"B"},"active":true,
           "emails":[{"value":"b@x","primary":true}]}
          """#))
  }

  @Test func extensionAttributesStayUnderTheirURN() {
    let urn = SCIMSchema.enterpriseUserID
    let user = normalize(
      #"{"userName":"c","\#(urn)":{"EmployeeNumber":"7","manager":{"value":"u2","displayName":"Boss"}},"\#(urn):costCenter":"CC"}"#)
    #expect(user?.objectValue?[urn] == json(#"{"employeeNumber":"7","costCenter":"CC","manager":{"value":"u2","displayName":"Boss"}}"#))
    #expect(user?.objectValue?["schemas"] == json(#"["urn:ietf:params:scim:schemas:core:2.0:User","\#(urn)"]"#))
  }

  @Test func groups() {
    let group = normalize(#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"G","members":[]}"#, .group)
    #expect(group == json(#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"G"}"#))
    let withMembers = normalize(#"{"displayName":"G","members":[{"value":"u1","display":"A"},{"value":"u2"}]}"#, .group)
    #expect(withMembers?.objectValue?["members"] == json(#"[{"value":"u1","display":"A"},{"value":"u2"}]"#))
  }

  @Test(arguments: [
    (#"{"userName":3}"#, "'userName' must be a string, not a number"),
    (#"{"userName":"a","active":5}"#, "'active' must be a boolean"),
    (#"{"userName":"a","active":"yes"}"#, "'active' must be a boolean, not the string \"yes\""),
    (#"{"userName":"a","emails":"x"}"#, "'emails' must be an array of objects"),
    (#"{"userName":"a","emails":["x"]}"#, "'emails' must be an object"),
    (#"{"userName":"a","emails":[{"primary":"maybe"}]}"#, "'emails.primary' must be a boolean"),
    (#"{"userName":"a","name":"A"}"#, "'name' must be an object"),
    (#"{"userName":"a","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":"u1"}}"#, "manager' must be an object"),
    (#"{"userName":"a","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":7}"#, "must be an object of extension attributes"),
    (#"{"displayName":"A"}"#, "'userName' is required"),
    (#"{"userName":null}"#, "'userName' is required"),
    (#"{"userName":""}"#, "'userName' is required"),
  ])
  func invalidValues(body: String, detail: String) {
    let error = scimError { () throws(SCIMError) in try SCIMSchema.normalize(json(body), for: .user) }
    #expect(error?.scimType == "invalidValue")
    #expect(error?.detail.contains(detail) == true, "\(error?.detail ?? "")")
  }

  @Test func aGroupNeedsADisplayName() {
    #expect(
      scimError { () throws(SCIMError) in try SCIMSchema.normalize(json(#"{"members":[]}"#), for: .group) }?.detail
        == "'displayName' is required")
  }

  @Test func aBodyMustBeAnObject() {
    #expect(scimError { () throws(SCIMError) in try SCIMSchema.normalize(json("[1]"), for: .user) }?.scimType == "invalidSyntax")
  }
}
