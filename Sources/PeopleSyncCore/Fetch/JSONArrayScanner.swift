/// Finds the elements of one array member of a JSON document (`{"Report_Entry": [...]}`) without
/// building the document: each element's bytes are handed out in turn, so a report of a hundred
/// thousand workers is parsed one worker at a time. Syntax is checked as far as skipping needs;
/// each element is then parsed strictly by `JSONParser`.
public enum JSONArrayScanner {
  /// Why the elements could not be found.
  public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The document is not an object holding the member as an array.
    case missingMember(String)
    case syntax(offset: Int, message: String)

    /// The failure in words, for a message about the response.
    public var description: String {
      switch self {
      case .missingMember(let key): "the response is not a JSON object with a '\(key)' array"
      case .syntax(let offset, let message): "invalid JSON at byte \(offset): \(message)"
      }
    }
  }

  /// Calls `body` with each element of the array at the top-level member `key`, and its index.
  public static func elements(
    of bytes: UnsafeRawBufferPointer, member key: String, _ body: (UnsafeRawBufferPointer, Int) throws -> Void
  ) throws {
    var scanner = Scanner(bytes: bytes)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { scanner.position = 3 }
    scanner.skipSpace()
    guard scanner.peek == UInt8(ascii: "{") else { throw Failure.missingMember(key) }
    scanner.position += 1
    let wanted = Array(key.utf8)
    var found = false
    while true {
      scanner.skipSpace()
      if scanner.peek == UInt8(ascii: "}") { break }
      let name = try scanner.string()
      scanner.skipSpace()
      try scanner.expect(UInt8(ascii: ":"))
      scanner.skipSpace()
      if Array(name) == wanted {
        guard scanner.peek == UInt8(ascii: "[") else { throw Failure.missingMember(key) }
        found = true
        scanner.position += 1
        var index = 0
        scanner.skipSpace()
        if scanner.peek == UInt8(ascii: "]") {
          scanner.position += 1
        } else {
          while true {
            scanner.skipSpace()
            let start = scanner.position
            try scanner.skipValue(depth: 0)
            try body(UnsafeRawBufferPointer(rebasing: bytes[start..<scanner.position]), index)
            index += 1
            scanner.skipSpace()
            if scanner.peek == UInt8(ascii: ",") {
              scanner.position += 1
              continue
            }
            try scanner.expect(UInt8(ascii: "]"))
            break
          }
        }
      } else {
        try scanner.skipValue(depth: 0)
      }
      scanner.skipSpace()
      if scanner.peek == UInt8(ascii: ",") {
        scanner.position += 1
        continue
      }
      try scanner.expect(UInt8(ascii: "}"))
      break
    }
    guard found else { throw Failure.missingMember(key) }
  }

  private struct Scanner {
    let bytes: UnsafeRawBufferPointer
    var position = 0

    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func skipSpace() {
      while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    func failure(_ message: String) -> Failure { .syntax(offset: position, message: message) }

    mutating func expect(_ byte: UInt8) throws {
      guard peek == byte else { throw failure("expected '\(Unicode.Scalar(byte))'") }
      position += 1
    }

    /// The raw bytes between the quotes (escapes left as written).
    mutating func string() throws -> ArraySlice<UInt8> {
      try expect(UInt8(ascii: "\""))
      let start = position
      while let byte = peek {
        if byte == UInt8(ascii: "\\") {
          position += 2
          continue
        }
        if byte == UInt8(ascii: "\"") {
          position += 1
          return ArraySlice(bytes[start..<position - 1])
        }
        position += 1
      }
      throw failure("unterminated string")
    }

    mutating func skipValue(depth: Int) throws {
      guard depth < 200 else { throw failure("nesting deeper than 200 levels") }
      guard let byte = peek else { throw failure("unexpected end of the document") }
      switch byte {
      case UInt8(ascii: "\""): _ = try string()
      case UInt8(ascii: "{"), UInt8(ascii: "["):
        let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
        position += 1
        skipSpace()
        if peek == close {
          position += 1
          return
        }
        while true {
          skipSpace()
          if close == UInt8(ascii: "}") {
            _ = try string()
            skipSpace()
            try expect(UInt8(ascii: ":"))
            skipSpace()
          }
          try skipValue(depth: depth + 1)
          skipSpace()
          if peek == UInt8(ascii: ",") {
            position += 1
            continue
          }
          try expect(close)
          return
        }
      default:
        // A number or a literal: up to the next delimiter.
        let start = position
        while let next = peek, next != UInt8(ascii: ","), next != UInt8(ascii: "]"), next != UInt8(ascii: "}"), next > 0x20 {
          position += 1
        }
        if position == start { throw failure("unexpected character '\(Unicode.Scalar(byte))'") }
      }
    }
  }
}
