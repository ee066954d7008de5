import Testing

@testable import PeopleSyncCore

@Suite("JSONWriter")
struct JSONWriterTests {
  static let sample: JSONValue = .object(
    JSONObject([
      ("name", .string("Zoë \"Z\" Adeyemi")),
      ("count", .number("3")),
      ("ratio", .number("0.25")),
      ("active", .bool(true)),
      ("manager", .null),
      ("tags", .array([.string("a"), .string("b")])),
      ("empty", .object(JSONObject())),
      ("none", .array([])),
      ("nested", .object(JSONObject([("deep", .array([.object(JSONObject([("x", .number("-1"))]))]))]))),
    ]))

  @Test func prettyOutputIsExact() {
    let expected = """
      {
        "name": "Zoë \\"Z\\" Adeyemi",
        "count": 3,
        "ratio": 0.25,
        "active": true,
        "manager": null,
        "tags": [
          "a",
          "b"
        ],
        "empty": {},
        "none": [],
        "nested": {
          "deep": [
            {
              "x": -1
            }
          ]
        }
      }

      """
    #expect(JSONWriter.pretty(Self.sample) == expected)
  }

  @Test func compactOutputIsExact() {
    #expect(
      JSONWriter.compact(Self.sample)
        == #"{"name":"Zoë \"Z\" Adeyemi","count":3,"ratio":0.25,"active":true,"manager":null,"tags":["a","b"],"empty":{},"none":[],"nested":{"deep":[{"x":-1}]}}"#
    )
  }

  @Test func scalarsAtTheTop() {
    #expect(JSONWriter.pretty(.null) == "null\n")
    #expect(JSONWriter.compact(.string("x")) == "\"x\"")
    #expect(JSONWriter.compact(.array([])) == "[]")
    #expect(JSONWriter.pretty(.object(JSONObject())) == "{}\n")
  }

  @Test func membersAreWrittenInTheirGivenOrder() {
    let value = JSONValue.object(JSONObject([("z", .number("1")), ("a", .number("2")), ("m", .number("3"))]))
    #expect(JSONWriter.compact(value) == #"{"z":1,"a":2,"m":3}"#)
  }

  @Test func escapes() {
    var out: [UInt8] = []
    JSONWriter.appendString("q\" b\\ s/ n\n r\r t\t nul\u{00} bell\u{07} esc\u{1B} us\u{1F} del\u{7F} é 😀", to: &out)
    #expect(
      String(decoding: out, as: UTF8.self) == #""q\" b\\ s/ n\n r\r t\t nul\u0000 bell\u0007 esc\u001b us\u001f del"# + "\u{7F} é 😀\"")
  }

  @Test func everyControlCharacterIsEscaped() {
    for scalar in 0..<0x20 {
      let text = JSONWriter.compact(.string(String(Character(Unicode.Scalar(UInt8(scalar))))))
      #expect(text.utf8.allSatisfy { $0 >= 0x20 }, "U+\(String(scalar, radix: 16)) written raw")
    }
  }

  @Test func roundTripOfEveryASCIICharacterAndSomeUnicode() throws {
    var text = String((0..<0x80).map { Character(Unicode.Scalar(UInt8($0))) })
    text += "é€😀𝄞\u{2028}\u{2029}\u{FEFF}東京"
    for value in [JSONValue.string(text), .object(JSONObject([(text, .string(text))]))] {
      #expect(try JSONParser.parse(JSONWriter.compact(value)) == value)
      #expect(try JSONParser.parse(JSONWriter.pretty(value)) == value)
    }
  }

  @Test func roundTripOfADocument() throws {
    let pretty = JSONWriter.pretty(Self.sample)
    let parsed = try JSONParser.parse(pretty)
    #expect(parsed == Self.sample)
    #expect(JSONWriter.pretty(parsed) == pretty, "parse then write is the identity on written text")
    #expect(try JSONParser.parse(JSONWriter.compact(Self.sample)) == Self.sample)
  }

  @Test func rewritingParsedTextIsStable() throws {
    let original = "{\n  \"b\": [\n    1.50,\n    1e10,\n    -0\n  ],\n  \"a\": \"x\"\n}\n"
    #expect(JSONWriter.pretty(try JSONParser.parse(original)) == original)
  }

  @Test func deterministicAcrossCalls() {
    let outputs = (0..<20).map { _ in JSONWriter.pretty(Self.sample) }
    #expect(Set(outputs).count == 1)
    let compact = (0..<20).map { _ in JSONWriter.compact(Self.sample) }
    #expect(Set(compact).count == 1)
  }

  @Test func prettyOutputHasNoTrailingSpaces() {
    let lines = JSONWriter.pretty(Self.sample).split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.allSatisfy { !$0.hasSuffix(" ") })
    #expect(lines.allSatisfy { line in line.prefix { $0 == " " }.count % 2 == 0 })
  }
}
