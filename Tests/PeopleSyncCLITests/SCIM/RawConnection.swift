import Foundation
import TestSupport

/// A plain TCP connection made by hand, from a chosen local address: what an attacker holding
/// connections open does, which no HTTP client library lets a test do.
final class RawConnection {
  let descriptor: Int32

  /// Connects to `port` on 127.0.0.1 from `source` (any address of 127.0.0.0/8 is this machine).
  init(port: Int, from source: String = "127.0.0.1") throws {
    descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw TestFailure("socket: errno \(errno)") }
    var local = Self.address(source, port: 0)
    var remote = Self.address("127.0.0.1", port: port)
    let bound = withUnsafePointer(to: &local) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    let connected = withUnsafePointer(to: &remote) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0, connected == 0 else {
      let error = errno
      close(descriptor)
      throw TestFailure("connecting from \(source): errno \(error)")
    }
  }

  deinit { close(descriptor) }

  /// Sends `text` as it is, however little of a request it is.
  func send(_ text: String) {
    _ = text.withCString { Glibc.send(descriptor, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
  }

  /// True once the server closed the connection (end of file or reset) within `timeout` seconds,
  /// whatever it sent before.
  func closedByServer(within timeout: TimeInterval) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    var buffer = [UInt8](repeating: 0, count: 4096)
    while Date() < deadline {
      var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
      guard poll(&poller, 1, 100) > 0 else { continue }
      if recv(descriptor, &buffer, buffer.count, 0) <= 0 { return true }
    }
    return false
  }

  private static func address(_ text: String, port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    inet_pton(AF_INET, text, &address.sin_addr)
    return address
  }

  /// Lets this process hold `count` descriptors (and the server it starts, which inherits the limit).
  static func allowDescriptors(_ count: Int) {
    var limit = rlimit()
    getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    if limit.rlim_cur < rlim_t(count) {
      limit.rlim_cur = min(limit.rlim_max, rlim_t(count))
      setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
  }
}
