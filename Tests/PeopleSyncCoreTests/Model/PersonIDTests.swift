import Testing

@testable import PeopleSyncCore

@Suite("PersonID")
struct PersonIDTests {
  @Test func hexIsSixteenLowercaseDigits() {
    #expect(PersonID(0).hex == "0000000000000000")
    #expect(PersonID(0xABC).hex == "0000000000000abc")
    #expect(PersonID(UInt64.max).hex == "ffffffffffffffff")
    #expect(PersonID(0x0756_eff2_f829_ec55).description == "0756eff2f829ec55")
  }

  @Test(arguments: ["0000000000000000", "0756eff2f829ec55", "ffffffffffffffff"])
  func hexRoundTrip(text: String) throws {
    #expect(try #require(PersonID(hex: text)).hex == text)
  }

  @Test(arguments: [
    "", "abc", "0756EFF2F829EC55", "0756eff2f829ec5", "0756eff2f829ec550", "0756eff2f829ec5g", "+756eff2f829ec55", " 756eff2f829ec55",
  ])
  func malformedHexIsRefused(text: String) {
    #expect(PersonID(hex: text) == nil, "\(text)")
  }

  @Test func keysHaveCanonicalForms() {
    #expect(PersonKey.employeeID("G001").canonical == "employee-id:G001")
    #expect(PersonKey.email("ada@acme.example").canonical == "email:ada@acme.example")
  }

  @Test func hashedIdentifierIsTheFirstEightBytesOfSHA256() {
    let identifier = HashedPersonIdentifier()
    // sha256("peoplesync-person\0globex\0employee-id:G001"), first 8 bytes, computed with Python's hashlib.
    #expect(identifier.id(for: .employeeID("G001"), tenant: "globex").hex == "693d2c7677c0bf9a")
  }

  @Test func hashedIdentifierSeparatesTenantsAndKeyKinds() {
    let identifier = HashedPersonIdentifier()
    let ada = identifier.id(for: .email("ada@acme.example"), tenant: "acme")
    #expect(ada == identifier.id(for: .email("ada@acme.example"), tenant: "acme"))
    #expect(ada != identifier.id(for: .email("ada@acme.example"), tenant: "globex"))
    #expect(identifier.id(for: .employeeID("x"), tenant: "acme") != identifier.id(for: .email("x"), tenant: "acme"))
    // The separator keeps "ab" + "c" apart from "a" + "bc".
    #expect(identifier.id(for: .employeeID("c"), tenant: "ab") != identifier.id(for: .employeeID("bc"), tenant: "a"))
  }
}
