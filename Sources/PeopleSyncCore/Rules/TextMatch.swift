/// Case-insensitive comparisons of field bytes with a lowercased operand from the pool; ASCII
/// folds in place, anything else goes through Unicode lowercasing.
enum TextMatch {
  static func fold(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte | 0x20 : byte }

  static func lowered(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] { Array(String(decoding: bytes, as: UTF8.self).lowercased().utf8) }

  static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    for byte in bytes where byte >= 0x80 { return false }
    return true
  }

  static func operandBytes(_ operand: RuleEngine.Operand, _ pool: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(rebasing: pool[Int(operand.start)..<Int(operand.start + operand.count)])
  }

  static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ operand: RuleEngine.Operand, _ pool: UnsafeBufferPointer<UInt8>) -> Bool {
    guard operand.ascii && isASCII(bytes) else { return lowered(bytes) == Array(operand.text.utf8) }
    let needle = operandBytes(operand, pool)
    guard bytes.count == needle.count else { return false }
    for index in 0..<bytes.count where fold(bytes[index]) != needle[index] { return false }
    return true
  }

  static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ operand: RuleEngine.Operand, _ pool: UnsafeBufferPointer<UInt8>) -> Bool {
    guard operand.ascii && isASCII(bytes) else { return lowered(bytes).starts(with: Array(operand.text.utf8)) }
    let needle = operandBytes(operand, pool)
    guard bytes.count >= needle.count else { return false }
    for index in 0..<needle.count where fold(bytes[index]) != needle[index] { return false }
    return true
  }

  static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ operand: RuleEngine.Operand, _ pool: UnsafeBufferPointer<UInt8>) -> Bool {
    guard operand.count > 0 else { return true }
    guard operand.ascii && isASCII(bytes) else {
      let haystack = lowered(bytes)
      let needle = Array(operand.text.utf8)
      return haystack.count >= needle.count
        && (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
    let needle = operandBytes(operand, pool)
    guard bytes.count >= needle.count else { return false }
    outer: for start in 0...(bytes.count - needle.count) {
      for offset in 0..<needle.count where fold(bytes[start + offset]) != needle[offset] { continue outer }
      return true
    }
    return false
  }
}
