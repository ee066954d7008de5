import Testing

@testable import PeopleSyncCore

@Suite("JSONParser")
struct JSONParserTests {
  /// The syntax error of a document that must be refused.
  private func syntaxError(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> JSONSyntaxError? {
    syntaxError(Array(text.utf8), sourceLocation: sourceLocation)
  }

  private func syntaxError(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> JSONSyntaxError? {
    do {
      let value = try JSONParser.parse(bytes)
      Issue.record("expected a syntax error, parsed \(value)", sourceLocation: sourceLocation)
      return nil
    } catch {
      return error
    }
  }

  // MARK: Values

  @Test func scalars() throws {
    #expect(try JSONParser.parse("null") == .null)
    #expect(try JSONParser.parse("true") == .bool(true))
    #expect(try JSONParser.parse(" false ") == .bool(false))
    #expect(try JSONParser.parse("\"text\"") == .string("text"))
    #expect(try JSONParser.parse("\t\r\n 42 \n") == .number("42"))
  }

  @Test(arguments: ["0", "-0", "7", "-12", "3.25", "1.50", "1e10", "1E+10", "2.5e-3", "12345678901234567890", "0.000"])
  func numbersKeepTheirText(text: String) throws {
    #expect(try JSONParser.parse(text) == .number(text))
  }

  @Test func numberAccessors() throws {
    #expect(try JSONParser.parse("14").intValue == 14)
    #expect(try JSONParser.parse("-3").intValue == -3)
    #expect(try JSONParser.parse("1.5").intValue == nil)
    #expect(try JSONParser.parse("1.5").doubleValue == 1.5)
    #expect(try JSONParser.parse("\"14\"").intValue == nil)
    #expect(JSONValue.int(7) == .number("7"))
  }

  @Test func containersKeepMemberOrder() throws {
    let value = try JSONParser.parse(#"{ "b": [1, {"z": null, "a": true}], "a": {}, "c": [] }"#)
    let object = try #require(value.objectValue)
    #expect(object.keys == ["b", "a", "c"])
    #expect(object["b"]?.arrayValue?.first == .number("1"))
    #expect(object["b"]?.arrayValue?.last?.objectValue?.keys == ["z", "a"])
    #expect(object["a"] == .object(JSONObject()))
    #expect(object["c"] == .array([]))
    #expect(object["missing"] == nil)
  }

  @Test func stringEscapes() throws {
    let value = try JSONParser.parse(#""\" \\ \/ \b \f \n \r \t \u0041 \u00e9 \u20AC \u0000""#)
    #expect(value == .string("\" \\ / \u{08} \u{0C} \n \r \t A é € \u{00}"))
  }

  @Test func surrogatePairs() throws {
    #expect(try JSONParser.parse(#""\uD83D\uDE00""#) == .string("😀"))
    #expect(try JSONParser.parse(#""a\ud834\udd1eb""#) == .string("a𝄞b"))
  }

  @Test func rawUTF8IsKept() throws {
    #expect(try JSONParser.parse("\"Zoë Søren 東京 😀\"") == .string("Zoë Søren 東京 😀"))
  }

  @Test func byteOrderMarkIsSkipped() throws {
    #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("{\"a\":1}".utf8)) == .object(JSONObject([("a", .number("1"))])))
  }

  // MARK: Refused documents

  @Test(arguments: [
    ("trailing comma in array", "[1, 2,]"),
    ("trailing comma in object", #"{"a": 1,}"#),
    ("line comment", "// note\n{}"),
    ("block comment", "{ /* note */ }"),
    ("hash comment", "# note\n{}"),
    ("leading zero", "01"),
    ("negative leading zero", "-01"),
    ("leading plus", "+1"),
    ("bare fraction", ".5"),
    ("dot without digits", "1."),
    ("exponent without digits", "1e"),
    ("signed exponent without digits", "1e+"),
    ("NaN", "NaN"),
    ("Infinity", "Infinity"),
    ("lone minus", "-"),
    ("hex number", "0x10"),
    ("raw tab in string", "\"a\tb\""),
    ("raw newline in string", "\"a\nb\""),
    ("raw NUL in string", "\"a\u{00}b\""),
    ("invalid escape", #""\x41""#),
    ("short unicode escape", #""\u12""#),
    ("bad hex in unicode escape", #""\u12G4""#),
    ("lone high surrogate", #""\uD83D""#),
    ("high surrogate then letter", #""\uD83Dx""#),
    ("high surrogate then non-surrogate", #""\uD83D\u0041""#),
    ("lone low surrogate", #""\uDE00""#),
    ("unterminated string", "\"abc"),
    ("unterminated array", "[1, 2"),
    ("unterminated object", #"{"a": 1"#),
    ("missing colon", #"{"a" 1}"#),
    ("missing comma", "[1 2]"),
    ("unquoted key", "{a: 1}"),
    ("single quotes", "'a'"),
    ("duplicate key", #"{"a": 1, "a": 2}"#),
    ("empty document", ""),
    ("whitespace only", "  \n "),
    ("two values", "1 2"),
    ("text after value", "{} x"),
    ("truncated literal", "tru"),
    ("misspelt literal", "nul"),
    ("capitalised literal", "True"),
  ])
  func refused(name: String, text: String) {
    #expect(syntaxError(text) != nil, "\(name)")
  }

  @Test func invalidUTF8InAStringIsRefused() {
    #expect(syntaxError([0x22, 0x61, 0xFF, 0x22]) != nil)
    #expect(syntaxError([0x22, 0xC3, 0x22]) != nil)
  }

  @Test func errorsNameLineAndColumn() throws {
    let error = try #require(syntaxError("{\n  \"a\": 1,\n  \"b\": tru\n}"))
    #expect(error.line == 3)
    #expect(error.column == 8)
    #expect(error.description.hasPrefix("line 3, column 8: "))
  }

  @Test func columnsCountCharactersNotBytes() throws {
    let error = try #require(syntaxError("[\"é€😀\", x]"))
    #expect(error.line == 1)
    #expect(error.column == 9)
  }

  @Test func duplicateKeyErrorPointsAtTheSecondKey() throws {
    let error = try #require(syntaxError("{\n  \"a\": 1,\n  \"b\": 2,\n  \"a\": 3\n}"))
    #expect(error.line == 4)
    #expect(error.column == 3)
    #expect(error.message.contains("duplicate key \"a\""))
  }

  @Test func keysDifferingOnlyInCaseAreNotDuplicates() throws {
    let object = try #require(try JSONParser.parse(#"{"a": 1, "A": 2}"#).objectValue)
    #expect(object.keys == ["a", "A"])
  }

  // MARK: Nesting

  @Test func nestingUpToTheLimitIsAccepted() throws {
    let depth = 200
    var current: JSONValue? = try JSONParser.parse(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
    var levels = 0
    while case .array(let items)? = current {
      levels += 1
      current = items.first
    }
    #expect(levels == depth)
  }

  @Test func nestingBeyondTheLimitIsRefused() throws {
    let error = try #require(syntaxError(String(repeating: "[", count: 201) + String(repeating: "]", count: 201)))
    #expect(error.message.contains("nesting"))
    let objects = String(repeating: "{\"a\":", count: 201) + "1" + String(repeating: "}", count: 201)
    #expect(syntaxError(objects)?.message.contains("nesting") == true)
  }

  @Test func hugeNestingDoesNotOverflowTheStack() throws {
    let error = try #require(syntaxError(String(repeating: "[", count: 1_000_000)))
    #expect(error.message.contains("nesting"))
    #expect(syntaxError(String(repeating: "[{\"a\":", count: 200_000)) != nil)
  }

  // MARK: JSONObject

  @Test func objectEditing() throws {
    var object = JSONObject([("a", .number("1")), ("b", .number("2")), ("c", .number("3"))])
    object["b"] = nil
    #expect(object.keys == ["a", "c"])
    #expect(object["c"] == .number("3"))
    object["a"] = .string("x")
    #expect(object.keys == ["a", "c"])
    object["d"] = .null
    #expect(object.keys == ["a", "c", "d"])
    #expect(object["a"] == .string("x"))
  }

  @Test func objectEqualityIgnoresMemberOrder() {
    let one = JSONObject([("a", .number("1")), ("b", .bool(true))])
    let other = JSONObject([("b", .bool(true)), ("a", .number("1"))])
    #expect(one == other)
    #expect(one != JSONObject([("a", .number("1"))]))
    #expect(one != JSONObject([("a", .number("1")), ("b", .bool(false))]))
  }

  @Test func typeNames() throws {
    #expect(
      try JSONParser.parse("[null, true, 1, \"s\", [], {}]").arrayValue?.map(\.typeName) == [
        "null", "boolean", "number", "string", "array", "object",
      ])
  }
}
