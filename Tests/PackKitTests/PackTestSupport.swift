import Foundation

@testable import PackKit

/// SplitMix64: the same objects, trees and paths on every run of a seed.
struct SeededRandom: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func next(in range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

  /// Bytes that do not compress.
  mutating func noise(_ count: Int) -> [UInt8] {
    var out = [UInt8]()
    out.reserveCapacity(count + 8)
    while out.count < count { withUnsafeBytes(of: next()) { out.append(contentsOf: $0) } }
    return Array(out.prefix(count))
  }

  /// A blob's content: empty, short or long text, or noise (up to 70 KB, past a stored block's 64 KiB).
  mutating func content() -> [UInt8] {
    switch next(in: 0...9) {
    case 0: return []
    case 1, 2: return noise(next(in: 1...70_000))
    case 3: return Array(String(repeating: "line \(next(in: 0...99))\n", count: next(in: 100...8_000)).utf8)
    default: return Array("{\"n\": \(next()), \"name\": \"person \(next(in: 0...999))\"}\n".utf8)
    }
  }

  /// A path of one to three folders, from a small set of names so that commits edit the same trees.
  mutating func path() -> String {
    let names = ["a", "b", "people", "people.json", "x-y", "z0", "folder"]
    var parts: [String] = []
    for _ in 0..<next(in: 0...2) { parts.append(names[next(in: 0...(names.count - 1))]) }
    parts.append("file-\(next(in: 0...40)).json")
    return parts.joined(separator: "/")
  }

  mutating func id() -> ObjectID {
    ObjectID(a: next(), b: next(), c: UInt32(truncatingIfNeeded: next()))
  }
}

/// A value shared between a test and its threads.
final class Locked<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: Value

  init(_ value: Value) { stored = value }

  var value: Value { lock.withLock { stored } }

  func mutate(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}

/// Reads a version 2 pack index back, as git does: fan-out, ids, CRCs, 31-bit offsets and the
/// large-offset table they point into.
struct PackIndexReader {
  private let ids: [ObjectID]
  private let crcs: [UInt32]
  private let offsets: [UInt64]
  let largeOffsets: Int

  var count: Int { ids.count }

  init(_ bytes: [UInt8]) throws {
    func be32(_ at: Int) -> UInt32 { bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) } }
    guard bytes.count >= 8 + 1024 + 40, bytes.prefix(8) == [0xFF, 0x74, 0x4F, 0x63, 0, 0, 0, 2] else {
      throw GitError(code: -1, message: "not a version 2 index")
    }
    let count = Int(be32(8 + 255 * 4))
    var previous: UInt32 = 0
    for bucket in 0..<256 {
      let running = be32(8 + bucket * 4)
      guard running >= previous else { throw GitError(code: -1, message: "fan-out goes down at \(bucket)") }
      previous = running
    }
    let idStart = 8 + 1024
    let crcStart = idStart + count * 20
    let offsetStart = crcStart + count * 4
    let largeStart = offsetStart + count * 4
    ids = bytes.withUnsafeBytes { raw in
      (0..<count).map { ObjectID(raw: UnsafeRawBufferPointer(rebasing: raw[(idStart + $0 * 20)..<(idStart + $0 * 20 + 20)]))! }
    }
    guard zip(ids, ids.dropFirst()).allSatisfy({ $0 < $1 }) else { throw GitError(code: -1, message: "ids out of order") }
    crcs = (0..<count).map { be32(crcStart + $0 * 4) }
    var large = 0
    offsets = (0..<count).map { index in
      let small = be32(offsetStart + index * 4)
      guard small & 0x8000_0000 != 0 else { return UInt64(small) }
      large += 1
      let at = largeStart + Int(small & 0x7FFF_FFFF) * 8
      return UInt64(be32(at)) << 32 | UInt64(be32(at + 4))
    }
    largeOffsets = large
    guard largeStart + large * 8 + 40 == bytes.count else { throw GitError(code: -1, message: "the index has the wrong size") }
  }

  private func position(_ id: ObjectID) -> Int? { ids.firstIndex(of: id) }

  func offset(of id: ObjectID) -> UInt64? { position(id).map { offsets[$0] } }

  func crc(of id: ObjectID) -> UInt32? { position(id).map { crcs[$0] } }
}
