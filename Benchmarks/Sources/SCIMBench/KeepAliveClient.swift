import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// One HTTP/1.1 keep-alive connection on 127.0.0.1, as small as a load generator can be: the
/// benchmark measures the servers, not a client library.
final class KeepAliveClient {
  struct Failure: Error, CustomStringConvertible { let description: String }

  let port: Int
  private var socket: Int32 = -1
  private var buffer: [UInt8] = []
  private var scratch = [UInt8](repeating: 0, count: 65_536)

  init(port: Int) throws {
    self.port = port
    try connect()
  }

  deinit { if socket >= 0 { close(socket) } }

  private func connect() throws {
    if socket >= 0 { close(socket) }
    socket = try Self.connected(port: port).socket
    buffer = []
  }

  /// A TCP connection to 127.0.0.1:`port` with Nagle off. Without `blocking`, the socket does not
  /// block and `inProgress` says the connection is still being made (wait until it is writable).
  static func connected(port: Int, blocking: Bool = true) throws -> (socket: Int32, inProgress: Bool) {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var one: Int32 = 1
    setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    if !blocking { _ = fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) | O_NONBLOCK) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 || (!blocking && errno == EINPROGRESS) else {
      close(socket)
      throw Failure(description: "connect to 127.0.0.1:\(port): errno \(errno)")
    }
    return (socket, connected != 0)
  }

  /// The bytes of a request with a bearer token (and a SCIM JSON body, when there is one).
  static func request(_ method: String, _ path: String, port: Int, token: String, body: String?) -> [UInt8] {
    let payload = Array((body ?? "").utf8)
    var head =
      "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAuthorization: Bearer \(token)\r\nAccept: application/scim+json\r\n"
    if body != nil { head += "Content-Type: application/scim+json\r\nContent-Length: \(payload.count)\r\n" }
    return Array((head + "\r\n").utf8) + payload
  }

  /// Sends a request and reads the whole response; reconnects once if the server closed the connection.
  func send(_ method: String, _ path: String, token: String, body: String? = nil) throws -> (status: Int, body: [UInt8]) {
    do {
      return try attempt(method, path, token: token, body: body)
    } catch {
      try connect()
      return try attempt(method, path, token: token, body: body)
    }
  }

  private func attempt(_ method: String, _ path: String, token: String, body: String?) throws -> (status: Int, body: [UInt8]) {
    let request = Self.request(method, path, port: port, token: token, body: body)
    var sent = 0
    while sent < request.count {
      let count = request.withUnsafeBytes { Glibc.send(socket, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
      guard count > 0 else { throw Failure(description: "send: errno \(errno)") }
      sent += count
    }
    while true {
      if let response = try Self.take(from: &buffer) { return (response.status, response.body) }
      try more()
    }
  }

  /// Removes one whole response from the front of `buffer` and returns it; nil while it is not all
  /// there. `closes`: the server closes the connection after it (HTTP/1.0, or `Connection: close`).
  static func take(from buffer: inout [UInt8]) throws -> (status: Int, body: [UInt8], closes: Bool)? {
    guard let headerEnd = find([13, 10, 13, 10], in: buffer, from: 0) else { return nil }
    let header = String(decoding: buffer[..<headerEnd], as: UTF8.self)
    let lines = header.split(separator: "\r\n")
    guard let statusLine = lines.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else {
      throw Failure(description: "bad status line in \(header.prefix(100))")
    }
    var length = 0
    var chunked = false
    var closes = statusLine.hasPrefix("HTTP/1.0")
    for line in lines.dropFirst() {
      let parts = line.split(separator: ":", maxSplits: 1)
      guard parts.count == 2 else { continue }
      let name = parts[0].lowercased()
      let value = parts[1].trimmingCharacters(in: .whitespaces)
      if name == "content-length" { length = Int(value) ?? 0 }
      if name == "transfer-encoding" && value.lowercased().contains("chunked") { chunked = true }
      if name == "connection" { closes = value.lowercased() == "close" || (closes && value.lowercased() != "keep-alive") }
    }
    var index = headerEnd + 4
    guard chunked else {
      guard buffer.count >= index + length else { return nil }
      let body = Array(buffer[index..<index + length])
      buffer.removeFirst(index + length)
      return (status, body, closes)
    }
    var body: [UInt8] = []
    while true {
      guard let end = find([13, 10], in: buffer, from: index) else { return nil }
      let size = Int(String(decoding: buffer[index..<end], as: UTF8.self).split(separator: ";").first ?? "", radix: 16) ?? 0
      guard buffer.count >= end + 2 + size + 2 else { return nil }
      body += buffer[(end + 2)..<(end + 2 + size)]
      index = end + 2 + size + 2
      if size == 0 {
        buffer.removeFirst(index)
        return (status, body, closes)
      }
    }
  }

  private static func find(_ marker: [UInt8], in buffer: [UInt8], from start: Int) -> Int? {
    guard buffer.count >= start + marker.count else { return nil }
    return (start...(buffer.count - marker.count)).first { buffer[$0..<$0 + marker.count].elementsEqual(marker) }
  }

  private func more() throws {
    let count = scratch.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
    guard count > 0 else { throw Failure(description: "connection closed") }
    buffer += scratch[..<count]
  }

  /// The top-level `"id"` of a JSON response, found without a regular expression or a parser.
  static func resourceID(in body: [UInt8]) -> String? {
    let key = Array(#""id""#.utf8)
    guard body.count > key.count else { return nil }
    for start in 0...(body.count - key.count) where body[start..<start + key.count].elementsEqual(key) {
      var index = start + key.count
      while index < body.count, body[index] == 0x20 || body[index] == 0x3A { index += 1 }
      guard index < body.count, body[index] == 0x22, let end = body[(index + 1)...].firstIndex(of: 0x22) else { return nil }
      return String(decoding: body[(index + 1)..<end], as: UTF8.self)
    }
    return nil
  }
}
