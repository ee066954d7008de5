import CZlib

extension PackFormat {
  /// Appends `bytes` as a zlib stream of stored blocks: what deflate at level 0 makes, without its cost.
  static func appendStored(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
    out += [0x78, 0x01]
    var offset = 0
    repeat {
      let length = min(65535, bytes.count - offset)
      let last: UInt8 = offset + length == bytes.count ? 1 : 0
      let size = UInt16(length)
      out += [last, UInt8(size & 0xFF), UInt8(size >> 8), UInt8(~size & 0xFF), UInt8(~size >> 8)]
      if length > 0 { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length])) }
      offset += length
    } while offset < bytes.count
    let sum = UInt32(adler32(1, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), uInt(bytes.count)))
    out += [UInt8(sum >> 24), UInt8(sum >> 16 & 0xFF), UInt8(sum >> 8 & 0xFF), UInt8(sum & 0xFF)]
  }
}
