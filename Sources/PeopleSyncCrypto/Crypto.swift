import CSodium

/// The few libsodium primitives PeopleSync uses: random keys, keyed BLAKE2b, XChaCha20-Poly1305.
package enum Crypto {
  /// The size of every key, in bytes.
  package static let keyBytes = 32
  /// The size of an XChaCha20-Poly1305 nonce (24 bytes): large enough to be chosen at random.
  package static let nonceBytes = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
  /// The size of the authentication tag a sealed message carries (16 bytes).
  package static let tagBytes = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)

  static let ready: Bool = sodium_init() >= 0

  /// `count` bytes from the operating system's secure random source.
  package static func randomBytes(_ count: Int) -> [UInt8] {
    precondition(ready, "libsodium could not be initialised")
    var bytes = [UInt8](repeating: 0, count: count)
    randombytes_buf(&bytes, count)
    return bytes
  }

  /// A fresh 256-bit key.
  package static func newKey() -> [UInt8] { randomBytes(keyBytes) }

  /// Keyed BLAKE2b of the parts, concatenated, with an output of `length` bytes (16 to 64).
  package static func keyedHash(key: [UInt8], _ parts: UnsafeRawBufferPointer..., length: Int) -> [UInt8] {
    precondition(ready, "libsodium could not be initialised")
    // The state is a 64-byte-aligned struct Swift sees as opaque; it lives on the stack.
    return withUnsafeTemporaryAllocation(byteCount: crypto_generichash_statebytes(), alignment: 64) { memory in
      let state = OpaquePointer(memory.baseAddress!)
      key.withUnsafeBufferPointer { crypto_generichash_init(state, $0.baseAddress, $0.count, length) }
      for part in parts { crypto_generichash_update(state, part.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(part.count)) }
      return [UInt8](unsafeUninitializedCapacity: length) { buffer, count in
        crypto_generichash_final(state, buffer.baseAddress!, length)
        count = length
      }
    }
  }

  /// Keyed BLAKE2b of bytes held in arrays.
  package static func keyedHash(key: [UInt8], _ message: [UInt8], length: Int) -> [UInt8] {
    message.withUnsafeBytes { keyedHash(key: key, $0, length: length) }
  }

  /// Keyed BLAKE2b of `message` written to `out` (16 to 64 bytes), allocating nothing: the
  /// per-entry path of a million-person sync.
  package static func keyedHash(into out: UnsafeMutableRawBufferPointer, key: UnsafeRawBufferPointer, _ message: UnsafeRawBufferPointer) {
    precondition(ready && out.count >= 16 && out.count <= 64 && key.count >= 16 && key.count <= 64)
    crypto_generichash(
      out.baseAddress!.assumingMemoryBound(to: UInt8.self), out.count, message.baseAddress?.assumingMemoryBound(to: UInt8.self),
      UInt64(message.count), key.baseAddress!.assumingMemoryBound(to: UInt8.self), key.count)
  }

  /// A 32-byte subkey of `key` for `context` (16 bytes) with HChaCha20, the pseudorandom function
  /// XChaCha20 itself derives its subkeys with: one key yields independent keys for separate uses.
  package static func deriveKey(into out: UnsafeMutableRawBufferPointer, key: UnsafeRawBufferPointer, context: UnsafeRawBufferPointer) {
    precondition(ready && out.count == keyBytes && key.count == keyBytes && context.count == 16)
    crypto_core_hchacha20(
      out.baseAddress!.assumingMemoryBound(to: UInt8.self), context.baseAddress!.assumingMemoryBound(to: UInt8.self),
      key.baseAddress!.assumingMemoryBound(to: UInt8.self), nil)
  }

  /// XChaCha20-Poly1305 into `out` (`plain.count + tagBytes` bytes), allocating nothing.
  package static func seal(
    into out: UnsafeMutableRawBufferPointer, _ plain: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer,
    associated: UnsafeRawBufferPointer
  ) {
    precondition(ready && out.count == plain.count + tagBytes && key.count == keyBytes && nonce.count == nonceBytes)
    var written: UInt64 = 0
    crypto_aead_xchacha20poly1305_ietf_encrypt(
      out.baseAddress!.assumingMemoryBound(to: UInt8.self), &written, plain.baseAddress?.assumingMemoryBound(to: UInt8.self),
      UInt64(plain.count), associated.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(associated.count), nil,
      nonce.baseAddress!.assumingMemoryBound(to: UInt8.self), key.baseAddress!.assumingMemoryBound(to: UInt8.self))
  }

  /// Decrypts and checks what `seal` made, from memory the caller holds (a snapshot is not copied first).
  package static func open(
    _ sealed: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer, associated: UnsafeRawBufferPointer
  ) throws(CryptoError) -> [UInt8] {
    guard ready else { throw .unavailable }
    guard sealed.count >= tagBytes, key.count == keyBytes, nonce.count == nonceBytes else { throw .authenticationFailed }
    var failed = false
    let out = [UInt8](unsafeUninitializedCapacity: sealed.count - tagBytes) { buffer, count in
      var written: UInt64 = 0
      let rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
        buffer.baseAddress, &written, nil, sealed.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(sealed.count),
        associated.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(associated.count),
        nonce.baseAddress!.assumingMemoryBound(to: UInt8.self), key.baseAddress!.assumingMemoryBound(to: UInt8.self))
      failed = rc != 0
      count = failed ? 0 : Int(written)
    }
    if failed { throw .authenticationFailed }
    return out
  }

  /// Decrypts `sealed` where it lies, leaving the plain text at its start; returns its length.
  /// For the keystore's large files: no second buffer of their size.
  package static func openInPlace(
    _ sealed: UnsafeMutableRawBufferPointer, key: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer, associated: UnsafeRawBufferPointer
  ) throws(CryptoError) -> Int {
    guard ready else { throw .unavailable }
    guard sealed.count >= tagBytes, key.count == keyBytes, nonce.count == nonceBytes else { throw .authenticationFailed }
    let bytes = sealed.baseAddress!.assumingMemoryBound(to: UInt8.self)
    var written: UInt64 = 0
    let rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
      bytes, &written, nil, bytes, UInt64(sealed.count), associated.baseAddress?.assumingMemoryBound(to: UInt8.self),
      UInt64(associated.count), nonce.baseAddress!.assumingMemoryBound(to: UInt8.self), key.baseAddress!.assumingMemoryBound(to: UInt8.self)
    )
    guard rc == 0 else { throw .authenticationFailed }
    return Int(written)
  }

  /// XChaCha20-Poly1305: `plain` encrypted and authenticated together with `associated`.
  package static func seal(_ plain: UnsafeRawBufferPointer, key: [UInt8], nonce: [UInt8], associated: [UInt8]) -> [UInt8] {
    precondition(ready && key.count == keyBytes && nonce.count == nonceBytes)
    var out = [UInt8](repeating: 0, count: plain.count + tagBytes)
    var written: UInt64 = 0
    crypto_aead_xchacha20poly1305_ietf_encrypt(
      &out, &written, plain.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(plain.count), associated, UInt64(associated.count),
      nil,
      nonce, key)
    return out
  }

  /// Decrypts and checks what `seal` made; throws when the key is wrong or the data was changed.
  package static func open(_ sealed: UnsafeRawBufferPointer, key: [UInt8], nonce: [UInt8], associated: [UInt8]) throws(CryptoError)
    -> [UInt8]
  {
    guard ready else { throw .unavailable }
    guard sealed.count >= tagBytes, key.count == keyBytes, nonce.count == nonceBytes else { throw .authenticationFailed }
    var out = [UInt8](repeating: 0, count: sealed.count - tagBytes)
    var written: UInt64 = 0
    let rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
      &out, &written, nil, sealed.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(sealed.count), associated,
      UInt64(associated.count), nonce, key)
    guard rc == 0 else { throw .authenticationFailed }
    return out
  }

  /// Compares secrets in constant time.
  package static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    guard !a.isEmpty else { return true }
    return a.withUnsafeBytes { x in b.withUnsafeBytes { y in sodium_memcmp(x.baseAddress!, y.baseAddress!, a.count) == 0 } }
  }

  /// Overwrites a secret before its memory is released.
  package static func wipe(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { wipe($0) }
  }

  /// The same for memory in place, in a way the compiler cannot optimise away.
  package static func wipe(_ bytes: UnsafeMutableRawBufferPointer) { sodium_memzero(bytes.baseAddress, bytes.count) }
}
