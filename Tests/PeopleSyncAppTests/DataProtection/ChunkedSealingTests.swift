import Foundation
import PeopleSyncCrypto
import TestSupport
import Testing

@testable import PeopleSyncApp

/// Large files sealed in chunks (the parsed-snapshot cache): they open only whole, in order, and
/// under the master key and the associated data they were sealed with.
@Suite("Chunked sealing")
struct ChunkedSealingTests {
  static let magic = Array("TEST".utf8)

  @Test("a payload of several chunks round-trips; an empty one too")
  func roundTrip() throws {
    let folder = try TemporaryDirectory()
    let store = LocalKeystore(folder: folder.url, masterKey: Crypto.newKey())
    let url = folder.url.appendingPathComponent("big")
    for count in [0, 1, LocalKeystore.chunkSize, 2 * LocalKeystore.chunkSize + 12_345] {
      let payload = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
      try store.writeSealedChunks(url, magic: Self.magic, payload: payload, associated: [1, 2])
      #expect(try store.readSealedChunks(url, magic: Self.magic, associated: [1, 2]) == payload, "\(count) bytes")
    }
  }

  @Test("a flipped byte, swapped chunks, a cut file, other associated data or another master key: refused")
  func refusals() throws {
    let folder = try TemporaryDirectory()
    let master = Crypto.newKey()
    let store = LocalKeystore(folder: folder.url, masterKey: master)
    let url = folder.url.appendingPathComponent("big")
    let payload = (0..<(2 * LocalKeystore.chunkSize + 100)).map { UInt8(truncatingIfNeeded: $0) }
    try store.writeSealedChunks(url, magic: Self.magic, payload: payload, associated: [7])
    let sealed = try Data(contentsOf: url)
    let header = Self.magic.count + 16 + Crypto.nonceBytes + 24
    let chunk = LocalKeystore.chunkSize + Crypto.tagBytes

    func refused(_ bytes: Data, associated: [UInt8] = [7], store: LocalKeystore = store, _ what: String) throws {
      try bytes.write(to: url)
      #expect(throws: KeystoreError.self, "\(what)") { try store.readSealedChunks(url, magic: Self.magic, associated: associated) }
    }
    var flipped = sealed
    flipped[header + chunk + 5] ^= 1
    try refused(flipped, "a flipped byte")
    var swapped = sealed
    swapped.replaceSubrange(header..<(header + chunk), with: sealed[(header + chunk)..<(header + 2 * chunk)])
    swapped.replaceSubrange((header + chunk)..<(header + 2 * chunk), with: sealed[header..<(header + chunk)])
    try refused(swapped, "swapped chunks")
    try refused(sealed.prefix(sealed.count - 10), "a cut file")
    try refused(sealed, associated: [8], "other associated data")
    try refused(sealed, store: LocalKeystore(folder: folder.url, masterKey: Crypto.newKey()), "another master key")
    try sealed.write(to: url)
    #expect(try store.readSealedChunks(url, magic: Self.magic, associated: [7]) == payload)
  }
}
