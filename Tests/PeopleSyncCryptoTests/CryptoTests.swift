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

  @Test("HChaCha20 subkeys match the XChaCha20 draft's test vector and differ by context")
  func subkeys() throws {
    // draft-irtf-cfrg-xchacha-03, section 2.2.1.
    let key = (0..<32).map { UInt8($0) }
    let input: [UInt8] = [0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x4a, 0x00, 0x00, 0x00, 0x00, 0x31, 0x41, 0x59, 0x27]
    func derive(_ context: [UInt8]) -> [UInt8] {
      var out = [UInt8](repeating: 0, count: 32)
      out.withUnsafeMutableBytes { out in
        key.withUnsafeBytes { key in context.withUnsafeBytes { Crypto.deriveKey(into: out, key: key, context: $0) } }
      }
      return out
    }
    let hex = derive(input).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    #expect(hex == "82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc")
    #expect(derive(Array("peoplesync:siv:1".utf8)) != derive(Array("peoplesync:enc:1".utf8)))
  }

  @Test("the allocation-free forms agree with the plain ones; opening in place leaves the plain text in front")
  func inPlace() throws {
    let key = Crypto.newKey()
    let nonce = Crypto.randomBytes(Crypto.nonceBytes)
    let plain = Array("Grace Hopper, grace@acme.example, A1001".utf8)
    let sealed = plain.withUnsafeBytes { Crypto.seal($0, key: key, nonce: nonce, associated: [7]) }
    var into = [UInt8](repeating: 0, count: plain.count + Crypto.tagBytes)
    into.withUnsafeMutableBytes { out in
      plain.withUnsafeBytes { plain in
        key.withUnsafeBytes { key in
          nonce.withUnsafeBytes { nonce in
            [UInt8(7)].withUnsafeBytes { Crypto.seal(into: out, plain, key: key, nonce: nonce, associated: $0) }
          }
        }
      }
    }
    #expect(into == sealed)
    var buffer = sealed
    let length = try buffer.withUnsafeMutableBytes { raw in
      try key.withUnsafeBytes { key in
        try nonce.withUnsafeBytes { nonce in
          try [UInt8(7)].withUnsafeBytes { try Crypto.openInPlace(raw, key: key, nonce: nonce, associated: $0) }
        }
      }
    }
    #expect(Array(buffer.prefix(length)) == plain)
    var damaged = sealed
    damaged[0] ^= 0x80
    #expect(throws: CryptoError.authenticationFailed) {
      try damaged.withUnsafeMutableBytes { raw in
        try key.withUnsafeBytes { key in
          try nonce.withUnsafeBytes { nonce in
            try [UInt8(7)].withUnsafeBytes { try Crypto.openInPlace(raw, key: key, nonce: nonce, associated: $0) }
          }
        }
      }
    }
    var digest = [UInt8](repeating: 0, count: 24)
    digest.withUnsafeMutableBytes { out in
      key.withUnsafeBytes { key in plain.withUnsafeBytes { Crypto.keyedHash(into: out, key: key, $0) } }
    }
    #expect(digest == Crypto.keyedHash(key: key, plain, length: 24))
  }
}
