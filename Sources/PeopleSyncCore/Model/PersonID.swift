/// The stable pseudonymous identifier of a person in a tenant's directory.
///
/// It names the person's entry file and survives email changes, deprovisioning
/// and purge; it carries no personal data.
@frozen
public struct PersonID: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The 64 bits; the hexadecimal form is how they are written.
  public let value: UInt64

  /// The id with these 64 bits.
  @inlinable
  public init(_ value: UInt64) { self.value = value }

  /// Parses the 16-character lowercase hexadecimal form.
  public init?(hex: some StringProtocol) {
    guard let value = Array(hex.utf8).withUnsafeBufferPointer({ PersonID.parse($0) }) else { return nil }
    self.value = value
  }

  /// Parses 16 lowercase hexadecimal bytes; nil for anything else.
  public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
    guard bytes.count == 16 else { return nil }
    var value: UInt64 = 0
    for index in 0..<16 {
      let byte = bytes[index]
      let digit: UInt8
      switch byte {
      case 48...57: digit = byte - 48
      case 97...102: digit = byte - 87
      default: return nil
      }
      value = value << 4 | UInt64(digit)
    }
    return value
  }

  /// 16 lowercase hexadecimal characters.
  public var hex: String { String(decoding: hexBytes, as: UTF8.self) }

  /// Sorts ids as their 64-bit values (their hexadecimal order): no comparison closure per pair.
  public static func sort(_ ids: inout [PersonID]) {
    var values = ids.map(\.value)
    values.sort()
    ids = values.map(PersonID.init)
  }

  /// Appends the 16 hexadecimal characters to `out` without an intermediate array.
  public func appendHex(to out: inout [UInt8]) {
    for shift in stride(from: 60, through: 0, by: -4) {
      let digit = UInt8((value >> UInt64(shift)) & 0xF)
      out.append(digit < 10 ? 48 + digit : 87 + digit)
    }
  }

  /// The hexadecimal form as bytes, for writers that build output byte by byte.
  public var hexBytes: [UInt8] {
    var bytes = [UInt8](repeating: 0, count: 16)
    var rest = value
    for index in stride(from: 15, through: 0, by: -1) {
      let digit = UInt8(rest & 0xF)
      bytes[index] = digit < 10 ? 48 + digit : 87 + digit
      rest >>= 4
    }
    return bytes
  }

  /// The 16 lowercase hexadecimal characters.
  public var description: String { hex }

  /// Ids sort by value, which is their hexadecimal order.
  public static func < (lhs: PersonID, rhs: PersonID) -> Bool { lhs.value < rhs.value }
}
