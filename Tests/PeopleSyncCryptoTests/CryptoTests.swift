import PeopleSyncCrypto
import Testing

@Suite("Crypto")
struct CryptoTests {
  @Test("seal and open round-trip; a changed byte, key, nonce or associated data fails")
  func sealOpen() throws {
    let key = Crypto.newKey()
    let nonce = Crypto.randomBytes(Crypto.nonceBytes)
    let plain = Array("Ada Lovelace, ada@acme.example".utf8)
    let sealed = plain.withUnsafeBytes { Crypto.seal($0, key: key, nonce: nonce, associated: [1, 2]) }
    #expect(sealed.count == plain.count + Crypto.tagBytes)
    #expect(try sealed.withUnsafeBytes { try Crypto.open($0, key: key, nonce: nonce, associated: [1, 2]) } == plain)
    var tampered = sealed
    tampered[3] ^= 1
    #expect(throws: CryptoError.authenticationFailed) {
      try tampered.withUnsafeBytes { try Crypto.open($0, key: key, nonce: nonce, associated: [1, 2]) }
    }
    #expect(throws: CryptoError.authenticationFailed) {
      try sealed.withUnsafeBytes { try Crypto.open($0, key: Crypto.newKey(), nonce: nonce, associated: [1, 2]) }
    }
    #expect(throws: CryptoError.authenticationFailed) {
      try sealed.withUnsafeBytes { try Crypto.open($0, key: key, nonce: nonce, associated: [1]) }
    }
    #expect(throws: CryptoError.authenticationFailed) {
      try Array(sealed.prefix(10)).withUnsafeBytes { try Crypto.open($0, key: key, nonce: nonce, associated: [1, 2]) }
    }
  }

  @Test("keyed BLAKE2b matches the RFC 7693 test vector and depends on the key")
  func keyedHash() {
    // RFC 7693 appendix A: BLAKE2b-512("abc") without a key.
    let abc = Crypto.keyedHash(key: [], Array("abc".utf8), length: 64)
    #expect(abc.prefix(8) == [0xBA, 0x80, 0xA5, 0x3F, 0x98, 0x1C, 0x4D, 0x0D])
    let one = Crypto.keyedHash(key: Crypto.newKey(), Array("abc".utf8), length: 16)
    let two = Crypto.keyedHash(key: Crypto.newKey(), Array("abc".utf8), length: 16)
    #expect(one != two && one.count == 16)
    let parts = Array("ab".utf8).withUnsafeBytes { a in Array("c".utf8).withUnsafeBytes { c in Crypto.keyedHash(key: [], a, c, length: 64) }
    }
    #expect(parts == abc)
  }

  @Test("random keys differ and constant-time comparison compares")
  func randomAndEqual() {
    let a = Crypto.newKey()
    #expect(a.count == 32 && a != Crypto.newKey())
    #expect(Crypto.equal(a, a) && !Crypto.equal(a, Crypto.newKey()) && !Crypto.equal(a, Array(a.prefix(31))))
  }
}
