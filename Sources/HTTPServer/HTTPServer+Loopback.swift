import Foundation

extension HTTPServer {
  /// True for an address only this machine can reach: 127.0.0.0/8, `::1`, and IPv4 loopback
  /// written as an IPv4-mapped IPv6 address. A wildcard (`0.0.0.0`, `::`) is not: it listens on
  /// every interface.
  public static func isLoopback(_ text: String) -> Bool {
    var v4 = in_addr()
    if inet_pton(AF_INET, text, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
    var v6 = in6_addr()
    guard inet_pton(AF_INET6, text, &v6) == 1 else { return false }
    let bytes = withUnsafeBytes(of: &v6) { Array($0) }
    if bytes == [UInt8](repeating: 0, count: 15) + [1] { return true }
    return bytes.prefix(10).allSatisfy { $0 == 0 } && bytes[10] == 0xff && bytes[11] == 0xff && bytes[12] == 127
  }
}
