import HTTPServer
import PeopleSyncCore
import Testing

@testable import PeopleSyncApp

@Suite("SCIM responder")
struct SCIMResponderTests {
  @Test func bearerTokenIsTakenFromTheAuthorizationHeader() {
    func token(_ header: String?) -> String? {
      SCIMResponder.bearerToken(HTTPRequest(method: "GET", path: "/", headers: header.map { ["authorization": $0] } ?? [:]))
    }
    #expect(token("Bearer abc") == "abc")
    #expect(token("bearer \t abc.def \t") == "abc.def")
    #expect(token("BEARER x y") == "x y")
    #expect(token("Bearer    ") == "")
    #expect(token("Basic abc") == nil)
    #expect(token("Bearer") == nil)
    #expect(token(nil) == nil)
  }

  @Test func contentTypeParametersAndSpacesAreIgnored() throws {
    func body(_ type: String) throws -> String? {
      let request = HTTPRequest(method: "POST", path: "/", headers: ["content-type": type], body: Array(#"{"a":"b"}"#.utf8))
      return try SCIMResponder.body(request).objectValue?["a"]?.stringValue
    }
    #expect(try body(" application/scim+json ; charset=utf-8") == "b")
    #expect(try body("Application/JSON") == "b")
    #expect(throws: SCIMError.self) { try body("text/plain") }
    #expect(throws: SCIMError.self) { try body("application/scim+jsonx") }
  }
}
