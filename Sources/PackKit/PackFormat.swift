import CLibCrypto
import CZlib

/// Git's pack layout (version 2), shared by the writers that make packs.
enum PackFormat {
  /// Where an object lies in a pack, as its index records it.
  struct Record {
    let id: ObjectID
    let offset: UInt64
    let crc: UInt32
  }

  /// "PACK", version 2, and the object count.
  static func header(count: UInt32) -> [UInt8] {
    [0x50, 0x41, 0x43, 0x4B, 0, 0, 0, 2, UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
  }

  /// An entry's header: type and inflated size, seven bits at a time after the first four.
  static func entryHeader(type: ObjectType, size: Int) -> [UInt8] { entryHeader(code: type.packCode, size: size) }

  /// The same for any entry type: 6 is a delta against an earlier entry of the pack.
  static func entryHeader(code: UInt8, size: Int) -> [UInt8] {
    var header: [UInt8] = []
    var size = UInt64(size)
    var byte = (code << 4) | UInt8(size & 0x0F)
    size >>= 4
    while size > 0 {
      header.append(byte | 0x80)
      byte = UInt8(size & 0x7F)
      size >>= 7
    }
    header.append(byte)
    return header
  }

  /// How far back a delta's base lies: seven bits at a time, most significant first, each
  /// continued group counting one more (git's offset encoding).
  static func baseDistance(_ distance: UInt64) -> [UInt8] {
    var distance = distance
    var out = [UInt8(distance & 0x7F)]
    distance >>= 7
    while distance > 0 {
      distance -= 1
      out.insert(0x80 | UInt8(distance & 0x7F), at: 0)
      distance >>= 7
    }
    return out
  }

  /// What an entry's header says: its type, its size (inflated), how many bytes the header takes,
  /// and for a delta against an earlier entry, how far back that entry starts.
  struct EntryHeader {
    let code: UInt8
    let size: Int
    let length: Int
    let baseDistance: UInt64?

    init(_ entry: ArraySlice<UInt8>) throws {
      var index = entry.startIndex
      func next() throws -> UInt8 {
        guard index < entry.endIndex else { throw GitError(code: -1, message: "a pack entry's header is cut short") }
        defer { index += 1 }
        return entry[index]
      }
      var byte = try next()
      code = (byte >> 4) & 7
      var size = Int(byte & 0x0F)
      var shift = 4
      while byte & 0x80 != 0 {
        byte = try next()
        size |= Int(byte & 0x7F) << shift
        shift += 7
      }
      self.size = size
      switch code {
      case 6:
        byte = try next()
        var distance = UInt64(byte & 0x7F)
        while byte & 0x80 != 0 {
          byte = try next()
          distance = ((distance + 1) << 7) | UInt64(byte & 0x7F)
        }
        baseDistance = distance
      case 1, 2, 3, 4: baseDistance = nil
      default: throw GitError(code: -1, message: "a pack entry of type \(code) cannot be merged here")
      }
      length = index - entry.startIndex
    }
  }

  /// The bytes a zlib stream holds, `size` of them.
  static func inflate(_ stream: ArraySlice<UInt8>, size: Int) throws -> [UInt8] {
    if size == 0 { return [] }
    var out = [UInt8](repeating: 0, count: size)
    var length = uLongf(size)
    let rc = out.withUnsafeMutableBufferPointer { output in
      stream.withUnsafeBufferPointer { input in uncompress(output.baseAddress, &length, input.baseAddress, uLong(input.count)) }
    }
    guard rc == Z_OK, Int(length) == size else { throw GitError(code: -1, message: "a pack entry does not inflate (\(rc))") }
    return out
  }

  /// SHA-1 of `bytes`, as packs and indexes end with.
  static func checksum(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
    var state = peoplesync_sha1()
    peoplesync_sha1_init(&state)
    peoplesync_sha1_update(&state, bytes.baseAddress, bytes.count)
    var out = [UInt8](repeating: 0, count: 20)
    peoplesync_sha1_final(&state, &out)
    return out
  }

  /// A version 2 pack index: fan-out table, sorted ids, CRCs, offsets, checksums.
  static func index(records: [Record], packChecksum: [UInt8]) -> [UInt8] {
    let sorted = records.sorted { $0.id < $1.id }
    var out: [UInt8] = [0xFF, 0x74, 0x4F, 0x63, 0, 0, 0, 2]
    out.reserveCapacity(8 + 1024 + sorted.count * 28 + 40)
    func be32(_ value: UInt32) { out += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }
    var fanout = [UInt32](repeating: 0, count: 256)
    for record in sorted { fanout[Int(record.id.firstByte)] += 1 }
    var running: UInt32 = 0
    for bucket in 0..<256 {
      running += fanout[bucket]
      be32(running)
    }
    for record in sorted { record.id.append(to: &out) }
    for record in sorted { be32(record.crc) }
    var large: [UInt64] = []
    for record in sorted {
      if record.offset < 0x8000_0000 {
        be32(UInt32(record.offset))
      } else {
        be32(0x8000_0000 | UInt32(large.count))
        large.append(record.offset)
      }
    }
    for offset in large {
      be32(UInt32(offset >> 32))
      be32(UInt32(offset & 0xFFFF_FFFF))
    }
    out += packChecksum
    return out + out.withUnsafeBytes { checksum($0) }
  }
}
