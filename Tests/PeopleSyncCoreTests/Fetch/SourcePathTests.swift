import PeopleSyncCore
import Testing

@Suite("Source paths")
struct SourcePathTests {
  static let record = try! JSONParser.parse(
    #"""
    { "Employee_ID": "100", "name": { "first": "Ana", "last": " " }, "count": 3, "flag": false, "none": null,
      "Emails_group": [{ "Email_Address": "a@x" }, { "Email_Address": "b@x" }],
      "Single_group": { "Email_Address": "c@x" }, "employeeID": "E1" }
    """#)

  static func path(_ text: String) throws -> SourcePath { try SourcePath.parse(text).get() }

  @Test("keys, nested keys, indexes, and every element of an array")
  func values() throws {
    #expect(try Self.path("Employee_ID").values(in: Self.record) == ["100"])
    #expect(try Self.path("name.first").values(in: Self.record) == ["Ana"])
    #expect(try Self.path("Emails_group[1].Email_Address").values(in: Self.record) == ["b@x"])
    #expect(try Self.path("Emails_group.Email_Address").values(in: Self.record) == ["a@x", "b@x"])
    #expect(try Self.path("count").values(in: Self.record) == ["3"])
    #expect(try Self.path("flag").values(in: Self.record) == ["false"])
  }

  @Test("missing, null and blank give nothing; an index past the end gives nothing")
  func empty() throws {
    for text in ["nobody", "none", "name.last", "Emails_group[5].Email_Address", "name.first.deeper"] {
      #expect(try Self.path(text).values(in: Self.record).isEmpty, "\(text)")
    }
  }

  @Test("a single value where an array is expected counts as an array of one (Workday's _group)")
  func singleValueAsArray() throws {
    #expect(try Self.path("Single_group[0].Email_Address").values(in: Self.record) == ["c@x"])
    #expect(try Self.path("Single_group[1].Email_Address").values(in: Self.record).isEmpty)
  }

  @Test("keys match exactly first, else ignoring case (UKG's employeeID / employeeId)")
  func caseInsensitiveFallback() throws {
    #expect(try Self.path("employeeId").values(in: Self.record) == ["E1"])
    #expect(try Self.path("EMPLOYEE_ID").values(in: Self.record) == ["100"])
  }

  @Test("malformed paths are refused with a reason", arguments: ["", ".a", "a.", "a..b", "[0]", "a[x]", "a[-1]", "a[0]b", "a]"])
  func malformed(_ text: String) {
    guard case .failure(let error) = SourcePath.parse(text) else {
      Issue.record("'\(text)' parsed")
      return
    }
    #expect(!error.description.isEmpty)
  }
}

@Suite("Field mappings")
struct FieldMappingTests {
  static func read(_ json: String) -> (FieldMapping?, [String]) {
    var reader = FieldMappingReader()
    let mapping = reader.read(try! JSONParser.parse(json), at: "$.m")
    return (mapping, reader.problems.map { "\($0.jsonPath) \($0.code)" })
  }

  static let record = try! JSONParser.parse(
    #"{ "preferredName": "", "firstName": "Christopher", "nick": "Chris", "lastName": "Park", "loc": null }"#)

  @Test("first non-empty, join, constant, default")
  func forms() throws {
    #expect(Self.read(#"["preferredName", "nick", "firstName"]"#).0?.value(in: Self.record) == "Chris")
    #expect(Self.read(#"{"join": [["preferredName", "firstName"], "lastName"]}"#).0?.value(in: Self.record) == "Christopher Park")
    #expect(Self.read(#"{"join": ["lastName", "firstName"], "separator": ", "}"#).0?.value(in: Self.record) == "Park, Christopher")
    #expect(Self.read(#"{"const": "Berlin"}"#).0?.value(in: Self.record) == "Berlin")
    #expect(Self.read(#"{"path": "loc", "default": "Remote"}"#).0?.value(in: Self.record) == "Remote")
    #expect(Self.read(#"{"first": ["loc", "nick"], "default": "x"}"#).0?.value(in: Self.record) == "Chris")
    #expect(Self.read(#"{"join": ["loc", "preferredName"]}"#).0?.value(in: Self.record) == nil)
  }

  @Test("invalid mappings are reported at their JSON path")
  func invalid() {
    #expect(Self.read(#""a..b""#).1 == ["$.m config.pattern"])
    #expect(Self.read("[]").1 == ["$.m config.type"])
    #expect(Self.read("7").1 == ["$.m config.type"])
    #expect(Self.read(#"["ok", "bad]"]"#).1 == ["$.m[1] config.pattern"])
    #expect(Self.read(#"{"path": "a", "const": "b"}"#).1 == ["$.m config.required"])
    #expect(Self.read(#"{"const": "b", "separator": "-"}"#).1 == ["$.m.separator config.unknown"])
    #expect(Self.read(#"{"path": "a", "fallback": "b"}"#).1 == ["$.m.fallback config.unknown"])
    #expect(Self.read(#"{"join": [], "separator": " "}"#).1 == ["$.m.join config.type"])
    #expect(Self.read(#"{"path": "a", "default": 3}"#).1 == ["$.m.default config.type"])
  }
}
