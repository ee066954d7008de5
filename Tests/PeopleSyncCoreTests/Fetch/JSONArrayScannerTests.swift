import PeopleSyncCore
import Testing

@Suite("JSON array scanner")
struct JSONArrayScannerTests {
  static func elements(_ text: String, _ key: String = "Report_Entry") throws -> [String] {
    var found: [String] = []
    try Array(text.utf8).withUnsafeBytes { bytes in
      try JSONArrayScanner.elements(of: bytes, member: key) { element, index in
        #expect(index == found.count)
        found.append(String(decoding: element, as: UTF8.self))
      }
    }
    return found
  }

  @Test("each element's text, whatever members come before or after, strings with brackets and escapes included")
  func elements() throws {
    let text = #"""
      {"Report_Meta": {"a": [1, {"b": "]}"}]}, "Report_Entry": [ {"n": "x\"]}"}, [1,2], "s", 12.5e3, true, null ], "z": {}}
      """#
    #expect(try Self.elements(text) == [#"{"n": "x\"]}"}"#, "[1,2]", #""s""#, "12.5e3", "true", "null"])
    #expect(try Self.elements(#"{"Report_Entry": []}"#).isEmpty)
    #expect(try Self.elements("\u{FEFF}{ \"Report_Entry\" : [ {} ] }") == ["{}"])
  }

  @Test("no such array, or broken JSON: an error, and no element after the break is handed out")
  func failures() throws {
    #expect(throws: JSONArrayScanner.Failure.missingMember("Report_Entry")) { try Self.elements(#"{"Report_Data": []}"#) }
    #expect(throws: JSONArrayScanner.Failure.missingMember("Report_Entry")) { try Self.elements(#"{"Report_Entry": {}}"#) }
    #expect(throws: JSONArrayScanner.Failure.missingMember("Report_Entry")) { try Self.elements("[1]") }
    for broken in [#"{"Report_Entry": [{"a": 1}, "#, #"{"Report_Entry": [{"a": "unterminated}]}"#, #"{"Report_Entry": [1 2]}"#] {
      #expect(throws: JSONArrayScanner.Failure.self) { try Self.elements(broken) }
    }
  }
}
