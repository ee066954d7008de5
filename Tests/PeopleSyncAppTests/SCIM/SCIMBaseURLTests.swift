import Testing

@testable import PeopleSyncApp

@Suite("SCIM base URL")
struct SCIMBaseURLTests {
  @Test("--base-url: http or https with a host, an optional port and path, the trailing slash dropped; nothing else")
  func parse() {
    #expect(SCIMBaseURL.parse("https://scim.example.com") == "https://scim.example.com")
    #expect(SCIMBaseURL.parse("https://scim.example.com/") == "https://scim.example.com")
    #expect(SCIMBaseURL.parse("HTTPS://scim.example.com:8443/idp//") == "https://scim.example.com:8443/idp")
    #expect(SCIMBaseURL.parse("http://[2001:db8::1]:8080") == "http://[2001:db8::1]:8080")
    for bad in [
      "", "scim.example.com", "ftp://scim.example.com", "https://", "https://user:secret@scim.example.com", "https://scim.example.com/?a=1",
      "https://scim.example.com/#top", "https://scim.example.com?",
    ] {
      #expect(SCIMBaseURL.parse(bad) == nil, "\(bad)")
    }
  }

  @Test("the default names the listen address and port, IPv6 in brackets; a tenant's base follows it")
  func listening() {
    #expect(SCIMBaseURL.listening(address: "127.0.0.1", port: 8080, secure: false) == "http://127.0.0.1:8080")
    #expect(SCIMBaseURL.listening(address: "::1", port: 8443, secure: true) == "https://[::1]:8443")
    let base = SCIMBaseURL("http://127.0.0.1:0")
    base.value = "http://127.0.0.1:9000"
    #expect(base.tenant("acme") == "http://127.0.0.1:9000/scim/v2/acme")
  }
}
