import Testing

@testable import PeopleSyncCore

@Suite("SCIMFilter")
struct SCIMFilterTests {
  private func matches(_ filter: String, _ resource: JSONValue = storedUser, sourceLocation: SourceLocation = #_sourceLocation) -> Bool? {
    do {
      return try SCIMFilter.parse(filter, for: .user).matches(resource, in: .user)
    } catch {
      Issue.record("\(filter): \(error)", sourceLocation: sourceLocation)
      return nil
    }
  }

  // MARK: Parsing

  @Test func parsesTheTree() throws {
    let filter = try SCIMFilter.parse(#"userName Eq "x" OR not (active eq false) and title pr"#)
    let expected = SCIMFilter.or([
      .compare(SCIMAttributePath(name: "userName"), .eq, .string("x")),
      .and([.not(.compare(SCIMAttributePath(name: "active"), .eq, .bool(false))), .present(SCIMAttributePath(name: "title"))]),
    ])
    #expect(filter == expected)
  }

  @Test func parsesPathsWithURNsAndSubAttributes() throws {
    let urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    #expect(
      try SCIMFilter.parse("\(urn):employeeNumber eq \"1\"")
        == .compare(SCIMAttributePath(schema: urn, name: "employeeNumber"), .eq, .string("1")))
    #expect(
      try SCIMFilter.parse("\(urn):manager.value pr") == .present(SCIMAttributePath(schema: urn, name: "manager", subAttribute: "value")))
    #expect(
      try SCIMFilter.parse("name.givenName sw \"A\"")
        == .compare(SCIMAttributePath(name: "name", subAttribute: "givenName"), .sw, .string("A")))
  }

  @Test func readsValuePathWithTrailingSubAttributeAsAConjunction() throws {
    let filter = try SCIMFilter.parse(#"emails[type eq "work"].value eq "a@b""#)
    let expected = SCIMFilter.valuePath(
      SCIMAttributePath(name: "emails"),
      .and([
        .compare(SCIMAttributePath(name: "type"), .eq, .string("work")), .compare(SCIMAttributePath(name: "value"), .eq, .string("a@b")),
      ]))
    #expect(filter == expected)
  }

  @Test func literals() throws {
    #expect(try SCIMFilter.parse("a eq 12.5") == .compare(SCIMAttributePath(name: "a"), .eq, .number("12.5")))
    #expect(try SCIMFilter.parse("a eq TRUE") == .compare(SCIMAttributePath(name: "a"), .eq, .bool(true)))
    #expect(try SCIMFilter.parse("a eq null") == .compare(SCIMAttributePath(name: "a"), .eq, .null))
    #expect(try SCIMFilter.parse(#"a eq "q\"uote\u00e9]""#) == .compare(SCIMAttributePath(name: "a"), .eq, .string("q\"uoteé]")))
  }

  @Test(arguments: [
    ("", "empty"),
    ("userName", "expected an operator"),
    ("userName eq", "expected a value"),
    ("userName xx \"a\"", "'xx' at column 10 is not an operator"),
    ("userName eq \"a", "never closed"),
    ("userName eq bob", "not a value"),
    ("(userName pr", "expected ')'"),
    ("userName pr)", "unexpected ')' at column 12"),
    ("not userName pr", "'(' after 'not'"),
    ("emails[type eq \"work\"", "expected ']'"),
    ("emails[type[value pr]]", "cannot nest"),
    ("1abc pr", "not an attribute name"),
    ("userName pr and", "expected an expression"),
    ("userName eq \"\\x\"", "invalid escape"),
  ])
  func syntaxErrors(filter: String, detail: String) {
    let error = scimError { () throws(SCIMError) in try SCIMFilter.parse(filter) }
    #expect(error?.status == 400)
    #expect(error?.scimType == "invalidFilter")
    #expect(error?.detail.contains(detail) == true, "\(error?.detail ?? "")")
  }

  @Test(arguments: [
    ("nosuch eq \"x\"", "unknown attribute 'nosuch'"),
    ("name.nosuch pr", "unknown attribute"),
    ("urn:example:unknown:x pr", "unknown attribute"),
    ("active gt true", "only 'eq' and 'ne'"),
    ("active co true", "only 'eq' and 'ne'"),
    ("active eq \"yes\"", "compare it with true or false"),
    ("userName eq 3", "quoted string"),
    ("name eq \"x\"", "is complex"),
    ("userName gt null", "with null"),
    ("emails[nosuch eq \"x\"]", "unknown attribute 'nosuch'"),
    ("userName[value pr]", "not a complex attribute"),
  ])
  func schemaErrors(filter: String, detail: String) {
    let error = scimError { () throws(SCIMError) in try SCIMFilter.parse(filter, for: .user) }
    #expect(error?.scimType == "invalidFilter")
    #expect(error?.detail.contains(detail) == true, "\(error?.detail ?? "")")
  }

  @Test func pathologicalInputIsRefusedNotCrashed() {
    let deep = String(repeating: "(", count: 10_000) + "userName pr" + String(repeating: ")", count: 10_000)
    #expect(scimError { () throws(SCIMError) in try SCIMFilter.parse(deep) }?.detail.contains("4096") == true)
    let nested = String(repeating: "(", count: 40) + "userName pr" + String(repeating: ")", count: 40)
    #expect(scimError { () throws(SCIMError) in try SCIMFilter.parse(nested) }?.detail.contains("deeper than 32") == true)
    let nots = String(repeating: "not(", count: 40) + "userName pr" + String(repeating: ")", count: 40)
    #expect(scimError { () throws(SCIMError) in try SCIMFilter.parse(nots) }?.scimType == "invalidFilter")
    let chain = Array(repeating: "userName pr", count: 250).joined(separator: " and ")
    #expect((try? SCIMFilter.parse(chain).matches(storedUser, in: .user)) == true)
    #expect(scimError { () throws(SCIMError) in try SCIMFilter.parse(String(repeating: "\"", count: 3)) }?.scimType == "invalidFilter")
    #expect(scimError { () throws(SCIMError) in try SCIMFilter.parse("]]]][[[[") }?.scimType == "invalidFilter")
  }

  // MARK: Evaluation

  @Test(arguments: [
    // userName is case-insensitive (Okta's spec test upper-cases it).
    (#"userName eq "ALICE.SMITH@EXAMPLE.COM""#, true),
    (#"USERNAME EQ "alice.smith@example.com""#, true),
    (#"userName eq "bob""#, false),
    (#"userName ne "bob""#, true),
    (#"userName co "smith""#, true),
    (#"userName sw "alice""#, true),
    (#"userName ew ".COM""#, true),
    (#"userName gt "A""#, true),
    (#"userName lt "A""#, false),
    // id and externalId are case-exact.
    (#"externalId eq "00u1ABC""#, true),
    (#"externalId eq "00u1abc""#, false),
    (#"id eq "U1""#, false),
    (#"id eq "u1""#, true),
    ("active eq true", true),
    ("active ne true", false),
    ("title pr", true),
    ("nickName pr", false),
    (#"nickName ne "x""#, true),
    ("nickName eq null", true),
    ("title eq null", false),
    (#"name.givenName eq "alice""#, true),
    (#"emails eq "ALICE@HOME.EXAMPLE""#, true),
    (#"emails.value co "home""#, true),
    (#"emails[type eq "work"]"#, true),
    (#"emails[type eq "work"].value eq "alice@example.com""#, true),
    (#"emails[type eq "work"].value eq "alice@home.example""#, false),
    (#"emails[type eq "work" and primary eq true]"#, true),
    (#"emails[type eq "home" and primary eq true]"#, false),
    (#"emails[not (type eq "work")]"#, true),
    (#"groups[value eq "g1"]"#, true),
    (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701""#, true),
    (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "u9""#, true),
    (#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "alice""#, true),
    (#"meta.lastModified gt "2024-02-01T00:00:00Z""#, true),
    (#"meta.lastModified gt "2024-03-01T11:00:00+02:00""#, true),
    (#"meta.lastModified lt "2024-03-01T10:00:00.5Z""#, true),
    (#"meta.created ge "2024-01-02T03:04:05Z""#, true),
    (#"meta.resourceType eq "User""#, true),
    (#"userName eq "bob" or active eq true"#, true),
    (#"userName eq "bob" or active eq true and title eq "x""#, false),
    (#"(userName eq "bob" or active eq true) and not (title eq "x")"#, true),
    (#"not(active eq true)"#, false),
  ])
  func evaluation(filter: String, expected: Bool) {
    #expect(matches(filter) == expected, "\(filter)")
  }

  @Test func numbersCompareNumerically() {
    var group = SCIMSchema.group
    group.attributes.append(SCIMAttribute("size", .integer))
    let type = SCIMResourceType(name: "G", endpoint: "/G", description: "", schema: group)
    let resource = json(#"{"displayName":"x","size":10}"#)
    #expect((try? SCIMFilter.parse("size gt 9", for: type).matches(resource, in: type)) == true)
    #expect((try? SCIMFilter.parse("size lt 9.5", for: type).matches(resource, in: type)) == false)
    #expect(scimError { () throws(SCIMError) in try SCIMFilter.parse("size co 1", for: type) }?.scimType == "invalidFilter")
  }

  @Test func groupsByDisplayNameAndMember() {
    #expect((try? SCIMFilter.parse(#"displayName eq "STAFF""#, for: .group).matches(storedGroup, in: .group)) == true)
    #expect((try? SCIMFilter.parse(#"members[value eq "u2"]"#, for: .group).matches(storedGroup, in: .group)) == true)
    #expect((try? SCIMFilter.parse(#"members eq "u4""#, for: .group).matches(storedGroup, in: .group)) == false)
  }

  @Test func dateTimes() {
    #expect(SCIMDateTime.seconds("1970-01-01T00:00:00Z") == 0)
    #expect(SCIMDateTime.seconds("1970-01-02T01:00:00+01:00") == 86_400)
    #expect(SCIMDateTime.seconds("2024-02-29T12:00:00.250Z").map { $0.truncatingRemainder(dividingBy: 1) } == 0.25)
    for bad in ["2024-02-29", "2024-13-01T00:00:00Z", "2024-01-01T00:00:00", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00Zx"] {
      #expect(SCIMDateTime.seconds(bad) == nil, "\(bad)")
    }
  }
}
