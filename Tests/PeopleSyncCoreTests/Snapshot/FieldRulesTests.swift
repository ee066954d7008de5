import Testing

@testable import PeopleSyncCore

@Suite("FieldRules")
struct FieldRulesTests {
  @Test(arguments: [
    "a@b.co",
    "ada.lovelace@acme.example",
    "first.last+tag@sub.acme.example",
    "o'brien@acme.ie",
    "x@ex-ample.com",
    "user_name-1@acme.example",
    "zoë@acme.example",
  ])
  func validEmails(email: String) {
    #expect(FieldRules.isValidEmail(email), "\(email)")
  }

  @Test(arguments: [
    "",
    "plain",
    "@acme.example",
    "ada@",
    "ada@acme",
    "ada@@acme.example",
    "ada@b@acme.example",
    "ada lovelace@acme.example",
    "ada@acme.example ",
    "ada@.acme.example",
    "ada@acme.example.",
    "ada@-acme.example",
    "ada..lovelace@acme.example",
    "ada@acme..example",
    "ada,lovelace@acme.example",
    "ada;grace@acme.example",
    "<ada@acme.example>",
    "\"ada\"@acme.example",
    "ada@a.",
    "ada\t@acme.example",
    "ada\u{7F}@acme.example",
  ])
  func invalidEmails(email: String) {
    #expect(!FieldRules.isValidEmail(email), "\(email)")
  }

  /// Spaces other than ASCII ones arrive with copy-pasted cells (NBSP from web pages, zero-width
  /// spaces, a stray BOM); they are not part of any address, and accepting them makes a second key for the same person.
  @Test(arguments: [
    "ada@acme.example\u{A0}", "\u{A0}ada@acme.example", "ada\u{200B}@acme.example", "ada@acme.example\u{FEFF}", "ada@acme\u{3000}.example",
  ])
  func unicodeSpacesAreNotPartOfAnEmail(email: String) {
    #expect(!FieldRules.isValidEmail(email), "\(email.unicodeScalars.map { String($0.value, radix: 16) })")
  }

  @Test func emailLengthLimits() {
    let local64 = String(repeating: "a", count: 64)
    #expect(FieldRules.isValidEmail("\(local64)@acme.example"))
    #expect(!FieldRules.isValidEmail("\(local64)a@acme.example"))
    let domain = String(repeating: "d", count: 250) + ".example"
    #expect(!FieldRules.isValidEmail("a@\(domain)"), "over 254 bytes")
  }

  @Test(arguments: [
    "http://cdn.acme.example/a.png",
    "https://cdn.acme.example/a.png",
    "HTTPS://CDN.ACME.EXAMPLE/A.PNG",
    "https://cdn.acme.example",
    "https://cdn.acme.example:8443/p?size=64#x",
    "https://127.0.0.1/p.png",
  ])
  func validPictureURLs(url: String) {
    #expect(FieldRules.isValidPictureURL(url), "\(url)")
  }

  @Test(arguments: [
    "ftp://cdn.acme.example/a.png",
    "javascript:alert(1)",
    "data:image/png;base64,AAAA",
    "file:///etc/passwd",
    "//cdn.acme.example/a.png",
    "cdn.acme.example/a.png",
    "https://",
    "https:///a.png",
    "https://?q",
    "https://cdn.acme.example/a b.png",
    "http:/cdn.acme.example/a.png",
    "",
  ])
  func invalidPictureURLs(url: String) {
    #expect(!FieldRules.isValidPictureURL(url), "\(url)")
  }

  @Test func asciiLowercasingLeavesOtherScriptsAlone() {
    #expect(FieldRules.asciiLowercased("Ada.Lovelace@ACME.Example") == "ada.lovelace@acme.example")
    #expect(FieldRules.asciiLowercased("ZOË@ACME.EXAMPLE") == "zoË@acme.example")
    #expect(FieldRules.asciiLowercased("already@lower.example") == "already@lower.example")
    #expect(FieldRules.asciiLowercased("") == "")
    #expect(FieldRules.asciiLowercased("[@]^_`{") == "[@]^_`{")
  }
}
