import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Keeps `clients` keep-alive connections busy from one thread (`poll`), one request in flight on
/// each, as event-driven load generators such as wrk do: with a thread per connection, the load
/// generator's own context switches took a tenth of the machine from the servers it measures.
/// Connections are opened without blocking, so a server that closes each connection after its
/// answer (scim2-server's WSGI server speaks HTTP/1.0) and has a short accept queue stalls only
/// the connection waiting for it.
struct EventLoopLoad {
  private struct Slot {
    var socket: Int32 = -1
    var connecting = false
    var buffer: [UInt8] = []
    /// The request in flight (or waiting for the connection), by index.
    var request: Int?
  }

  /// Sends `request(i)` for every i in 0..<count, each connection taking the next one when its
  /// answer is in; `answered(i, status, body)` hears each answer (status 0: the request failed).
  /// Returns the seconds it took.
  static func run(
    port: Int, clients: Int, count: Int, request: (Int) -> [UInt8], answered: (Int, Int, [UInt8]) -> Void
  ) throws -> Double {
    var slots = [Slot](repeating: Slot(), count: min(clients, count))
    defer { slots.filter { $0.socket >= 0 }.forEach { close($0.socket) } }
    var next = 0
    var retried: Set<Int> = []
    var scratch = [UInt8](repeating: 0, count: 65_536)

    func open(_ slot: Int) throws {
      if slots[slot].socket >= 0 { close(slots[slot].socket) }
      (slots[slot].socket, slots[slot].connecting) = try KeepAliveClient.connected(port: port, blocking: false)
      slots[slot].buffer = []
    }

    func write(_ slot: Int) throws {
      guard let index = slots[slot].request, !slots[slot].connecting else { return }
      let bytes = request(index)
      var sent = 0
      while sent < bytes.count {
        let written = bytes.withUnsafeBytes { Glibc.send(slots[slot].socket, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
        if written < 0 && (errno == EAGAIN || errno == EINTR) { continue }
        // Closed under us: reading finds out and opens another.
        guard written > 0 else { return }
        sent += written
      }
    }

    func take(_ slot: Int) throws {
      guard next < count else {
        slots[slot].request = nil
        return
      }
      slots[slot].request = next
      next += 1
      try write(slot)
    }

    let start = Date()
    for slot in slots.indices {
      try open(slot)
      try take(slot)
    }
    while slots.contains(where: { $0.request != nil }) {
      var watched = slots.map {
        pollfd(fd: $0.request == nil ? -1 : $0.socket, events: Int16($0.connecting ? POLLOUT : POLLIN), revents: 0)
      }
      let ready = Glibc.poll(&watched, nfds_t(watched.count), 10_000)
      if ready < 0 && errno == EINTR { continue }
      guard ready > 0 else { throw KeepAliveClient.Failure(description: "no answer for ten seconds (errno \(errno))") }
      for slot in watched.indices where watched[slot].revents != 0 {
        var closed = false
        if slots[slot].connecting {
          var error: Int32 = 0
          var length = socklen_t(MemoryLayout<Int32>.size)
          getsockopt(slots[slot].socket, SOL_SOCKET, SO_ERROR, &error, &length)
          slots[slot].connecting = false
          if error == 0 { try write(slot) } else { closed = true }
        } else {
          while true {
            let received = scratch.withUnsafeMutableBytes { recv(slots[slot].socket, $0.baseAddress, $0.count, 0) }
            if received > 0 {
              slots[slot].buffer += scratch[..<received]
              // A full read may leave more behind; a short one took what there was.
              if received == scratch.count { continue }
            } else if received == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
              closed = true
            }
            break
          }
          while let index = slots[slot].request, let response = try KeepAliveClient.take(from: &slots[slot].buffer) {
            answered(index, response.status, response.body)
            if response.closes {
              // The server closes this connection: the next request goes on a new one.
              try open(slot)
              try take(slot)
              closed = false
              break
            }
            try take(slot)
          }
        }
        guard closed else { continue }
        // Closed by the server: the request in flight is sent again on a new connection, once;
        // a second close fails it.
        try open(slot)
        if let index = slots[slot].request, !retried.insert(index).inserted {
          answered(index, 0, [])
          try take(slot)
        } else {
          try write(slot)
        }
      }
    }
    return Date().timeIntervalSince(start)
  }
}
