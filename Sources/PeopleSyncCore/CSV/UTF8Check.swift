/// Finds the first byte sequence that is not UTF-8, and says where it is in words a person can act on.
enum UTF8Check {
  struct Problem {
    let line: Int
    let message: String
  }

  static func firstInvalid(_ bytes: UnsafeBufferPointer<UInt8>) -> Problem? {
    var i = 0
    let count = bytes.count
    while i < count {
      // Fast path: eight ASCII bytes at a time.
      if i + 8 <= count {
        let word = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)
        if word & 0x8080_8080_8080_8080 == 0 && !hasZeroByte(word) {
          i += 8
          continue
        }
      }
      let byte = bytes[i]
      if byte == 0 {
        return Problem(
          line: lineOf(i, bytes),
          message: "the file contains NUL bytes: it is binary or UTF-16 without a byte order mark; export it as UTF-8")
      }
      if byte < 0x80 {
        i += 1
        continue
      }
      let length: Int
      let minimum: UInt32
      switch byte {
      case 0xC2...0xDF: (length, minimum) = (2, 0x80)
      case 0xE0...0xEF: (length, minimum) = (3, 0x800)
      case 0xF0...0xF4: (length, minimum) = (4, 0x10000)
      default: return invalid(at: i, bytes)
      }
      guard i + length <= count else { return invalid(at: i, bytes) }
      var scalar = UInt32(byte) & (0xFF >> UInt32(length + 1))
      for offset in 1..<length {
        let next = bytes[i + offset]
        guard next & 0xC0 == 0x80 else { return invalid(at: i, bytes) }
        scalar = scalar << 6 | UInt32(next & 0x3F)
      }
      guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return invalid(at: i, bytes) }
      i += length
    }
    return nil
  }

  @inline(__always) private static func hasZeroByte(_ word: UInt64) -> Bool {
    (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0
  }

  private static func invalid(at offset: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Problem {
    let line = lineOf(offset, bytes)
    var lineStart = offset
    while lineStart > 0, bytes[lineStart - 1] != 0x0A, bytes[lineStart - 1] != 0x0D { lineStart -= 1 }
    let column = offset - lineStart + 1
    let hex = String(bytes[offset], radix: 16, uppercase: true)
    return Problem(
      line: line,
      message: "not UTF-8: byte 0x\(hex) at column \(column) (the file looks like Latin-1 or Windows-1252; export it as UTF-8)")
  }

  /// LF, CRLF and a lone CR (old Mac exports) each end a line.
  private static func lineOf(_ offset: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var line = 1
    for index in 0..<offset {
      if bytes[index] == 0x0A || (bytes[index] == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A)) { line += 1 }
    }
    return line
  }
}
