/// RFC 4180 output: a field is quoted when it holds a comma, a quote or a line break.
enum CSVWriter {
  static func line(_ fields: [String?], into out: inout [UInt8]) {
    for (index, field) in fields.enumerated() {
      if index > 0 { out.append(UInt8(ascii: ",")) }
      guard let field else { continue }
      let bytes = Array(field.utf8)
      if bytes.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
        out.append(0x22)
        for byte in bytes {
          if byte == 0x22 { out.append(0x22) }
          out.append(byte)
        }
        out.append(0x22)
      } else {
        out.append(contentsOf: bytes)
      }
    }
    out.append(0x0A)
  }
}
