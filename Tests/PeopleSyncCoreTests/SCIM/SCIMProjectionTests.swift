import Testing

@testable import PeopleSyncCore

@Suite("SCIMProjection")
struct SCIMProjectionTests {
  private func keys(_ attributes: [String]? = nil, excluding excluded: [String]? = nil, _ resource: JSONValue = storedUser) -> [String] {
    SCIMProjection.apply(resource, attributes: attributes, excludedAttributes: excluded, type: .user).objectValue?.keys ?? []
  }

  @Test func attributesKeepOnlyWhatIsAskedAndTheAlwaysOnes() {
    #expect(keys(["userName"]) == ["schemas", "id", "meta", "userName"])
    #expect(keys(["USERNAME", "emails"]) == ["schemas", "id", "meta", "userName", "emails"])
  }

  @Test func subAttributes() {
    let projected = SCIMProjection.apply(storedUser, attributes: ["name.givenName", "emails.value"], type: .user).objectValue
    #expect(projected?["name"] == json(#"{"givenName":"Alice"}"#))
    #expect(projected?["emails"] == json(#"[{"value":"alice@example.com"},{"value":"alice@home.example"}]"#))
  }

  @Test func extensionAttributes() {
    let urn = SCIMSchema.enterpriseUserID
    let one = SCIMProjection.apply(storedUser, attributes: ["\(urn):employeeNumber"], type: .user).objectValue
    #expect(one?[urn] == json(#"{"employeeNumber":"701"}"#))
    let whole = SCIMProjection.apply(storedUser, attributes: [urn], type: .user).objectValue
    #expect(whole?[urn] == storedUser.objectValue?[urn])
    let sub = SCIMProjection.apply(storedUser, attributes: ["\(urn):manager.value"], type: .user).objectValue
    #expect(sub?[urn] == json(#"{"manager":{"value":"u9"}}"#))
    let core = SCIMProjection.apply(storedUser, attributes: ["urn:ietf:params:scim:schemas:core:2.0:User:title"], type: .user).objectValue
    #expect(core?.keys == ["schemas", "id", "meta", "title"])
  }

  @Test func excludedAttributes() {
    #expect(!keys(excluding: ["emails", "id"]).contains("emails"))
    #expect(keys(excluding: ["emails", "id"]).contains("id"))
    let projected = SCIMProjection.apply(storedUser, excludedAttributes: ["name.familyName", "emails.type"], type: .user).objectValue
    #expect(projected?["name"] == json(#"{"givenName":"Alice"}"#))
    #expect(projected?["emails"] == json(#"[{"value":"alice@example.com","primary":true},{"value":"alice@home.example"}]"#))
    #expect(keys(excluding: [SCIMSchema.enterpriseUserID]).contains(SCIMSchema.enterpriseUserID) == false)
  }

  @Test func neverReturnsThePasswordAndAttributesWinOverExclusions() {
    var user = storedUser.objectValue ?? JSONObject()
    user["password"] = .string("leaked")
    #expect(!keys(nil, .object(user)).contains("password"))
    #expect(!keys(["password"], .object(user)).contains("password"))
    #expect(keys(["title"], excluding: ["title"]).contains("title"))
  }

  @Test func groupsWithoutMembersForEntra() {
    let projected = SCIMProjection.apply(storedGroup, excludedAttributes: ["members"], type: .group).objectValue
    #expect(projected?.keys == ["schemas", "id", "displayName", "meta"])
  }

  @Test func unknownNamesAreIgnored() {
    #expect(keys(excluding: ["nosuch", "a b", ""]) == storedUser.objectValue?.keys)
    #expect(keys(["nosuch"]) == ["schemas", "id", "meta"])
  }
}
