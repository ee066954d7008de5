import Testing

@testable import PeopleSyncApp

@Suite("SCIM tokens")
struct SCIMTokensTests {
  @Test func hashIsSHA256InLowerCaseHex() {
    // FIPS 180-2's test vectors.
    #expect(SCIMTokens.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(SCIMTokens.hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  }

  @Test func constantTimeEqualComparesWholeStrings() {
    #expect(SCIMTokens.constantTimeEqual("abc", "abc"))
    #expect(!SCIMTokens.constantTimeEqual("abc", "abd"))
    #expect(!SCIMTokens.constantTimeEqual("abc", "abcd"))
    #expect(!SCIMTokens.constantTimeEqual("", "a"))
    #expect(SCIMTokens.constantTimeEqual("", ""))
  }
}
