/// Writes JSON deterministically: members in their given order, two-space indentation.
public enum JSONWriter {
  /// The document as pretty-printed UTF-8 text ending in a newline.
  public static func pretty(_ value: JSONValue) -> String {
    var out: [UInt8] = []
    write(value, indent: 0, pretty: true, into: &out)
    out.append(0x0A)
    return String(decoding: out, as: UTF8.self)
  }

  /// The document on one line.
  public static func compact(_ value: JSONValue) -> String {
    var out: [UInt8] = []
    write(value, indent: 0, pretty: false, into: &out)
    return String(decoding: out, as: UTF8.self)
  }

  static func write(_ value: JSONValue, indent: Int, pretty: Bool, into out: inout [UInt8]) {
    func newline(_ level: Int) {
      guard pretty else { return }
      out.append(0x0A)
      out.append(contentsOf: repeatElement(0x20, count: level * 2))
    }
    switch value {
    case .null: out.append(contentsOf: "null".utf8)
    case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
    case .number(let text): out.append(contentsOf: text.utf8)
    case .string(let text): appendString(text, to: &out)
    case .array(let items):
      if items.isEmpty {
        out.append(contentsOf: "[]".utf8)
        return
      }
      out.append(UInt8(ascii: "["))
      for (offset, item) in items.enumerated() {
        if offset > 0 { out.append(UInt8(ascii: ",")) }
        newline(indent + 1)
        write(item, indent: indent + 1, pretty: pretty, into: &out)
      }
      newline(indent)
      out.append(UInt8(ascii: "]"))
    case .object(let object):
      if object.members.isEmpty {
        out.append(contentsOf: "{}".utf8)
        return
      }
      out.append(UInt8(ascii: "{"))
      for (offset, member) in object.members.enumerated() {
        if offset > 0 { out.append(UInt8(ascii: ",")) }
        newline(indent + 1)
        appendString(member.key, to: &out)
        out.append(UInt8(ascii: ":"))
        if pretty { out.append(0x20) }
        write(member.value, indent: indent + 1, pretty: pretty, into: &out)
      }
      newline(indent)
      out.append(UInt8(ascii: "}"))
    }
  }

  /// Appends `text` as a JSON string literal: quotes, backslashes and control characters escaped.
  public static func appendString(_ text: String, to out: inout [UInt8]) {
    var text = text
    text.withUTF8 { appendString(bytes: $0, to: &out) }
  }

  /// Appends UTF-8 bytes as a JSON string literal.
  public static func appendString(bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    out.append(0x22)
    // Most values need no escaping: copy them whole.
    if !bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
      out.append(contentsOf: bytes)
      out.append(0x22)
      return
    }
    for byte in bytes {
      switch byte {
      case 0x22: out.append(contentsOf: [0x5C, 0x22])
      case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
      case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
      case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
      case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
      case 0..<0x20:
        let hex = Array("0123456789abcdef".utf8)
        out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
      default: out.append(byte)
      }
    }
    out.append(0x22)
  }
}
