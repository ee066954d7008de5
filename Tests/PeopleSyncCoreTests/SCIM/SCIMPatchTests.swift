import Testing

@testable import PeopleSyncCore

@Suite("SCIMPatch")
struct SCIMPatchTests {
  private let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

  private func patch(
    _ body: String, _ resource: JSONValue = storedUser, type: SCIMResourceType = .user, sourceLocation: SourceLocation = #_sourceLocation
  )
    -> JSONObject
  {
    do {
      return try SCIMPatch.apply(json(body), to: resource, type: type).objectValue ?? JSONObject()
    } catch {
      Issue.record("\(error)", sourceLocation: sourceLocation)
      return JSONObject()
    }
  }

  private func failure(
    _ body: String, _ resource: JSONValue = storedUser, type: SCIMResourceType = .user, sourceLocation: SourceLocation = #_sourceLocation
  )
    -> SCIMError?
  {
    scimError(sourceLocation: sourceLocation) { () throws(SCIMError) in try SCIMPatch.apply(json(body), to: resource, type: type) }
  }

  private func members(_ group: JSONObject) -> [String] {
    group["members"]?.arrayValue?.compactMap { $0.objectValue?["value"]?.stringValue } ?? []
  }

  // MARK: Okta

  @Test func oktaPathlessDeactivate() {
    let user = patch(
      #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}"#)
    #expect(user["active"] == .bool(false))
    #expect(user["userName"] == storedUser.objectValue?["userName"])
    #expect(user["id"] == .string("u1"))
    #expect(user["meta"] == storedUser.objectValue?["meta"])
  }

  @Test func oktaGroupRenameWithItsOwnID() {
    let group = patch(#"{"Operations":[{"op":"replace","value":{"id":"g1","displayName":"Everyone"}}]}"#, storedGroup, type: .group)
    #expect(group["displayName"] == .string("Everyone"))
    #expect(members(group) == ["u1", "u2", "u3"])
    let error = failure(#"{"Operations":[{"op":"replace","value":{"id":"g2","displayName":"Everyone"}}]}"#, storedGroup, type: .group)
    #expect(error?.scimType == "mutability")
  }

  @Test func oktaMemberAddRemoveReplace() {
    let removed = patch(#"{"Operations":[{"op":"remove","path":"members[value eq \"u2\"]"}]}"#, storedGroup, type: .group)
    #expect(members(removed) == ["u1", "u3"])
    let added = patch(
      #"{"Operations":[{"op":"add","path":"members","value":[{"value":"u3"},{"value":"u4","display":"Dan"}]}]}"#, storedGroup, type: .group)
    #expect(members(added) == ["u1", "u2", "u3", "u4"])
    let replaced = patch(#"{"Operations":[{"op":"replace","path":"members","value":[{"value":"u9"}]}]}"#, storedGroup, type: .group)
    #expect(members(replaced) == ["u9"])
    let emptied = patch(#"{"Operations":[{"op":"replace","path":"members","value":[]}]}"#, storedGroup, type: .group)
    #expect(emptied["members"] == nil)
    #expect(emptied["displayName"] == .string("Staff"))
    let missing = patch(#"{"Operations":[{"op":"remove","path":"members[value eq \"nobody\"]"}]}"#, storedGroup, type: .group)
    #expect(members(missing) == ["u1", "u2", "u3"])
  }

  // MARK: Entra

  @Test func entraCapitalisedOpsAndStringBooleans() {
    for value in ["False", "false", "FALSE"] {
      let user = patch(#"{"Operations":[{"op":"Replace","path":"active","value":"\#(value)"}]}"#)
      #expect(user["active"] == .bool(false))
    }
    #expect(patch(#"{"Operations":[{"op":"Replace","value":{"active":"True"}}]}"#)["active"] == .bool(true))
    #expect(failure(#"{"Operations":[{"op":"Replace","path":"active","value":"nope"}]}"#)?.scimType == "invalidValue")
  }

  @Test func entraRemovesOnlyTheGivenMember() {
    let group = patch(#"{"Operations":[{"op":"Remove","path":"members","value":[{"value":"u2"}]}]}"#, storedGroup, type: .group)
    #expect(members(group) == ["u1", "u3"])
    let all = patch(#"{"Operations":[{"op":"Remove","path":"members"}]}"#, storedGroup, type: .group)
    #expect(all["members"] == nil)
  }

  @Test func entraCreatesAMissingWorkEmail() {
    let user = json(#"{"userName":"bob","emails":[{"value":"b@home","type":"home"}]}"#)
    let patched = patch(#"{"Operations":[{"op":"Replace","path":"emails[type eq \"work\"].value","value":"b@work"}]}"#, user)
    #expect(patched["emails"] == json(#"[{"value":"b@home","type":"home"},{"value":"b@work","type":"work"}]"#))
    let updated = patch(#"{"Operations":[{"op":"replace","path":"emails[type eq \"work\"].value","value":"new@example.com"}]}"#)
    #expect(updated["emails"]?.arrayValue?.first == json(#"{"value":"new@example.com","type":"work","primary":true}"#))
  }

  @Test func entraPathlessDottedAndURNKeys() {
    let user = patch(
      #"""
      {"Operations":[{"op":"Replace","value":{"name.givenName":"Alicia","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"702",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value":"u8","DisplayName":"A. S."}}]}
      """#)
    #expect(user["name"] == json(#"{"givenName":"Alicia","familyName":"Smith"}"#))
    #expect(user["displayName"] == .string("A. S."))
    #expect(user[enterprise] == json(#"{"employeeNumber":"702","department":"R&D","manager":{"value":"u8"}}"#))
  }

  @Test func extensionURNAsAKeyAndSchemasKeptInStep() {
    let bare = json(#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"u2","userName":"bob"}"#)
    let user = patch(
      #"{"Operations":[{"op":"add","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Ops"}}}]}"#, bare)
    #expect(user[enterprise] == json(#"{"department":"Ops"}"#))
    #expect(user["schemas"] == json(#"["urn:ietf:params:scim:schemas:core:2.0:User","\#(enterprise)"]"#))
    let cleared = patch(#"{"Operations":[{"op":"remove","path":"\#(enterprise):department"}]}"#, .object(user))
    #expect(cleared[enterprise] == nil)
    #expect(cleared["schemas"] == json(#"["urn:ietf:params:scim:schemas:core:2.0:User"]"#))
  }

  // MARK: RFC behaviour

  @Test func pathOperations() {
    #expect(patch(#"{"Operations":[{"op":"add","path":"nickName","value":"Al"}]}"#)["nickName"] == .string("Al"))
    #expect(patch(#"{"Operations":[{"op":"remove","path":"title"}]}"#)["title"] == nil)
    #expect(
      patch(#"{"Operations":[{"op":"replace","path":"name.familyName","value":"Jones"}]}"#)["name"]
        == json(#"{"givenName":"Alice","familyName":"Jones"}"#))
    #expect(
      patch(#"{"Operations":[{"op":"replace","path":"name","value":{"formatted":"A S"}}]}"#)["name"]
        == json(#"{"formatted":"A S","givenName":"Alice","familyName":"Smith"}"#))
    #expect(patch(#"{"Operations":[{"op":"remove","path":"emails[type eq \"home\"]"}]}"#)["emails"]?.arrayValue?.count == 1)
    #expect(
      patch(#"{"Operations":[{"op":"remove","path":"emails[type eq \"home\"].type"}]}"#)["emails"]
        == json(#"[{"value":"alice@example.com","type":"work","primary":true},{"value":"alice@home.example"}]"#))
    #expect(
      patch(#"{"Operations":[{"op":"add","path":"emails","value":{"value":"x@y","type":"other"}}]}"#)["emails"]?.arrayValue?.count == 3)
    #expect(patch(#"{"Operations":[{"op":"replace","path":"emails","value":[{"value":"x@y"}]}]}"#)["emails"] == json(#"[{"value":"x@y"}]"#))
    #expect(patch(#"{"Operations":[{"op":"replace","path":"title","value":null}]}"#)["title"] == nil)
    // The password is accepted and never stored.
    #expect(patch(#"{"Operations":[{"op":"replace","path":"password","value":"s3cret"}]}"#)["password"] == nil)
    #expect(patch(#"{"Operations":[{"op":"replace","value":{"password":"s3cret"}}]}"#)["password"] == nil)
    #expect(patch(#"{"Operations":[{"op":"replace","value":{"groups":[{"value":"g1","display":"Staff"}]}}]}"#)["groups"] != nil)
  }

  @Test func operationsApplyInOrder() {
    let user = patch(
      #"{"Operations":[{"op":"add","path":"title","value":"A"},{"op":"replace","path":"title","value":"B"},{"op":"remove","path":"nickName"}]}"#
    )
    #expect(user["title"] == .string("B"))
  }

  @Test func atomicity() {
    let body = #"{"Operations":[{"op":"replace","path":"title","value":"Boss"},{"op":"replace","path":"nosuch","value":"x"}]}"#
    let error = failure(body)
    #expect(error?.scimType == "invalidPath")
    #expect(error?.detail.hasPrefix("operation 2 (replace nosuch)") == true, "\(error?.detail ?? "")")
  }

  @Test(
    arguments: [
      (#"{"Operations":[{"op":"remove"}]}"#, 400, "noTarget"),
      (#"{"Operations":[{"op":"replace","path":"emails[type eq \"fax\"]","value":{"value":"x"}}]}"#, 400, "noTarget"),
      (#"{"Operations":[{"op":"replace","path":"emails[type eq \"pager\" or primary eq false].value","value":"x"}]}"#, 400, "noTarget"),
      (#"{"Operations":[{"op":"replace","path":"id","value":"other"}]}"#, 400, "mutability"),
      (#"{"Operations":[{"op":"replace","path":"meta.version","value":"W/\"9\""}]}"#, 400, "mutability"),
      (#"{"Operations":[{"op":"add","path":"groups","value":[{"value":"g2"}]}]}"#, 400, "mutability"),
      (#"{"Operations":[{"op":"remove","path":"groups[value eq \"g1\"]"}]}"#, 400, "mutability"),
      (#"{"Operations":[{"op":"replace","path":"nosuch","value":"x"}]}"#, 400, "invalidPath"),
      (#"{"Operations":[{"op":"replace","value":{"nosuch":"x"}}]}"#, 400, "invalidPath"),
      (#"{"Operations":[{"op":"replace","path":"name.nosuch","value":"x"}]}"#, 400, "invalidPath"),
      (#"{"Operations":[{"op":"replace","path":"emails[nosuch eq \"x\"].value","value":"x"}]}"#, 400, "invalidPath"),
      (#"{"Operations":[{"op":"replace","path":"emails[type eq \"work\"].nosuch","value":"x"}]}"#, 400, "invalidPath"),
      (#"{"Operations":[{"op":"replace","path":"emails[type eq","value":"x"}]}"#, 400, "invalidPath"),
      (#"{"Operations":[{"op":"replace","path":"a b c","value":"x"}]}"#, 400, "invalidPath"),
      (#"{"Operations":[{"op":"replace","path":5,"value":"x"}]}"#, 400, "invalidPath"),
      (
        #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"Operations":[{"op":"replace","path":"title","value":"x"}]}"#, 400,
        "invalidSyntax"
      ),
      (#"{"Operations":[]}"#, 400, "invalidSyntax"),
      (#"{"Operations":{}}"#, 400, "invalidSyntax"),
      (#"{}"#, 400, "invalidSyntax"),
      (#"[]"#, 400, "invalidSyntax"),
      (#"{"Operations":[{"op":"move","path":"title"}]}"#, 400, "invalidSyntax"),
      (#"{"Operations":[{"path":"title"}]}"#, 400, "invalidSyntax"),
      (#"{"Operations":["replace"]}"#, 400, "invalidSyntax"),
      (#"{"Operations":[{"op":"replace","path":"title"}]}"#, 400, "invalidValue"),
      (#"{"Operations":[{"op":"replace","value":"x"}]}"#, 400, "invalidValue"),
      (#"{"Operations":[{"op":"replace","path":"active","value":5}]}"#, 400, "invalidValue"),
      (#"{"Operations":[{"op":"replace","path":"emails","value":"x"}]}"#, 400, "invalidValue"),
      (#"{"Operations":[{"op":"remove","path":"userName"}]}"#, 400, "invalidValue"),
      (#"{"Operations":[{"op":"replace","path":"userName","value":""}]}"#, 400, "invalidValue"),
    ] as [(String, Int, String?)])
  func errors(body: String, status: Int, scimType: String?) {
    let error = failure(body)
    #expect(error?.status == status)
    if let scimType { #expect(error?.scimType == scimType, "\(error?.detail ?? "")") }
  }

  @Test func aFilteredReplaceWithoutSubAttributeMergesIntoMatches() {
    let user = patch(#"{"Operations":[{"op":"replace","path":"emails[type eq \"work\"]","value":{"value":"w@x","display":"W"}}]}"#)
    #expect(user["emails"]?.arrayValue?.first == json(#"{"value":"w@x","display":"W","type":"work","primary":true}"#))
  }

  @Test func readOnlyWritesThatChangeNothingAreIgnored() {
    let same = patch(#"{"Operations":[{"op":"replace","value":{"id":"u1","groups":[{"value":"g1","display":"Staff"}],"title":"Lead"}}]}"#)
    #expect(same["title"] == .string("Lead"))
    #expect(patch(#"{"Operations":[{"op":"replace","path":"id","value":"u1"}]}"#)["id"] == .string("u1"))
  }
}

@Suite("SCIM PATCH on a whole extension")
struct SCIMPatchExtensionPathTests {
  static let urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

  func user(_ extensionValue: JSONValue? = nil) -> JSONValue {
    var object = JSONObject([
      ("schemas", .array([.string(SCIMSchema.userID)])), ("id", .string("u1")), ("userName", .string("bjensen")),
    ])
    if let extensionValue { object[Self.urn] = extensionValue }
    return .object(object)
  }

  func patch(_ op: String, _ value: JSONValue?) throws -> JSONValue {
    var operation = JSONObject([("op", .string(op)), ("path", .string(Self.urn))])
    if let value { operation["value"] = value }
    return try SCIMPatch.apply(
      .object(JSONObject([("Operations", .array([.object(operation)]))])),
      to: user(
        .object(JSONObject([("employeeNumber", .string("1")), ("costCenter", .string("A"))]))), type: .user)
  }

  @Test("add merges into the extension, replace replaces it whole, remove drops it")
  func wholeExtension() throws {
    let added = try patch("add", .object(JSONObject([("division", .string("West"))])))
    #expect(added.objectValue?[Self.urn]?.objectValue?["division"] == .string("West"))
    #expect(added.objectValue?[Self.urn]?.objectValue?["employeeNumber"] == .string("1"))
    let replaced = try patch("replace", .object(JSONObject([("division", .string("West"))])))
    #expect(replaced.objectValue?[Self.urn]?.objectValue?["division"] == .string("West"))
    #expect(replaced.objectValue?[Self.urn]?.objectValue?["employeeNumber"] == nil)
    let removed = try patch("remove", nil)
    #expect(removed.objectValue?[Self.urn] == nil)
    #expect(removed.objectValue?["schemas"] == .array([.string(SCIMSchema.userID)]))
  }
}
