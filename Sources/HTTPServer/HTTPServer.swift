import CMicroHTTPD
import Foundation

/// An HTTP/1.1 server on libmicrohttpd: one thread per connection (a responder may block on a
/// durable write without holding up other clients), TLS when given a certificate, a body limit
/// (413), and a graceful stop that lets requests in flight finish. It knows nothing of SCIM.
public final class HTTPServer: @unchecked Sendable {
  /// What the server listens on and how much it accepts.
  public struct Options: Sendable {
    /// The IP address listened on (default 127.0.0.1).
    public var address: String
    /// 0 picks a free port; `port` then tells which.
    public var port: UInt16
    /// PEM text of the certificate (chain) and key; both or neither.
    public var tlsCertificate: String?
    /// PEM text of the certificate's private key.
    public var tlsKey: String?
    /// The GnuTLS priority string: which TLS versions, key exchanges and ciphers are offered.
    public var tlsPriorities: String
    /// Request bodies larger than this are answered 413.
    public var maxBodyBytes: Int
    /// Seconds a connection may send nothing before it is closed: an idle keep-alive connection,
    /// and one stalled in its headers, body or TLS handshake, alike.
    public var idleTimeout: UInt32
    /// Connections open at once, all clients together.
    public var maxConnections: UInt32
    /// Connections one client address may hold at once (0: no limit below `maxConnections`).
    public var maxConnectionsPerClient: UInt32

    /// TLS 1.2 and 1.3 only, key exchange by ephemeral elliptic-curve Diffie-Hellman only (no
    /// static RSA: a stolen key would open recorded sessions), and AEAD ciphers only (no CBC).
    public static let modernTLS =
      "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:-CIPHER-ALL:+AES-256-GCM:+AES-128-GCM:+CHACHA20-POLY1305"

    /// Options; by default 127.0.0.1:8080 without TLS.
    public init(
      address: String = "127.0.0.1", port: UInt16 = 8080, tlsCertificate: String? = nil, tlsKey: String? = nil, maxBodyBytes: Int = 1 << 20,
      idleTimeout: UInt32 = 30, maxConnections: UInt32 = 1024, maxConnectionsPerClient: UInt32 = 64, tlsPriorities: String = modernTLS
    ) {
      self.address = address
      self.port = port
      self.tlsCertificate = tlsCertificate
      self.tlsKey = tlsKey
      self.tlsPriorities = tlsPriorities
      self.maxBodyBytes = maxBodyBytes
      self.idleTimeout = idleTimeout
      self.maxConnections = maxConnections
      self.maxConnectionsPerClient = maxConnectionsPerClient
    }
  }

  /// Why the server could not start (a bad certificate, a port in use).
  public struct StartError: Error, CustomStringConvertible {
    /// What went wrong, for the person running it.
    public let description: String
  }

  let options: Options
  let responder: any HTTPResponder
  private var daemon: OpaquePointer?
  private let inFlight = Counter()
  /// The port listened on, once started (the one picked when `Options.port` was 0).
  public private(set) var port: UInt16 = 0

  /// A server that answers with `responder` once started.
  public init(options: Options, responder: any HTTPResponder) {
    self.options = options
    self.responder = responder
  }

  deinit { stop(grace: 0) }

  /// Starts listening; throws `StartError` when it cannot.
  public func start() throws {
    guard (options.tlsCertificate == nil) == (options.tlsKey == nil) else {
      throw StartError(description: "TLS needs both a certificate and a key")
    }
    var flags = UInt32(MHD_USE_AUTO.rawValue | MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_THREAD_PER_CONNECTION.rawValue)
    flags |= UInt32(MHD_USE_ITC.rawValue)
    let context = Unmanaged.passUnretained(self).toOpaque()
    // Each connection's memory pool (64 KB): it holds the headers and the read buffer, not the
    // body, which is collected here. The library clears it for every request; at 256 KB that was
    // a twentieth of a request's time.
    let started: OpaquePointer? = try withSocketAddress(options.address, port: options.port) { address, isIPv6 in
      let all = flags | (isIPv6 ? UInt32(MHD_USE_IPv6.rawValue) : 0)
      return options.tlsKey.withOptionalCString { key in
        options.tlsCertificate.withOptionalCString { certificate in
          options.tlsPriorities.withCString { priorities in
            peoplesync_mhd_start(
              all, address, accessHandler, context, completedHandler, context, key, certificate, priorities, options.idleTimeout, 64 * 1024,
              options.maxConnections, options.maxConnectionsPerClient)
          }
        }
      }
    }
    guard let started else {
      throw StartError(
        description:
          "cannot listen on \(options.address):\(options.port) (in use, not an address of this machine, or a bad TLS key/certificate)")
    }
    daemon = started
    port = peoplesync_mhd_port(started)
  }

  /// Stops accepting connections, lets requests in flight finish (up to `grace` seconds), then closes.
  public func stop(grace: TimeInterval = 10) {
    guard let daemon else { return }
    self.daemon = nil
    // Quiescing hands the listening socket back: closing it refuses new connections at once.
    let listener = MHD_quiesce_daemon(daemon)
    if listener >= 0 { close(listener) }
    let deadline = Date().addingTimeInterval(grace)
    while inFlight.value > 0, Date() < deadline { usleep(10_000) }
    MHD_stop_daemon(daemon)
  }

  /// What a connection is building up between calls: the body so far.
  final class RequestState {
    var body: [UInt8] = []
    var tooLarge = false
  }

  func handle(
    _ connection: OpaquePointer, url: String, method: String, upload: UnsafePointer<CChar>?, uploadSize: UnsafeMutablePointer<Int>,
    state slot: UnsafeMutablePointer<UnsafeMutableRawPointer?>
  ) -> MHD_Result {
    guard let raw = slot.pointee else {
      let state = RequestState()
      slot.pointee = Unmanaged.passRetained(state).toOpaque()
      inFlight.add(1)
      if let length = value(connection, peoplesync_mhd_header_kind(), "Content-Length").flatMap(Int.init), length > options.maxBodyBytes {
        state.tooLarge = true
        return queue(connection, tooLarge())
      }
      return peoplesync_mhd_yes()
    }
    let state = Unmanaged<RequestState>.fromOpaque(raw).takeUnretainedValue()
    if uploadSize.pointee > 0 {
      if !state.tooLarge, let upload {
        if state.body.count + uploadSize.pointee > options.maxBodyBytes {
          state.tooLarge = true
          state.body = []
        } else {
          upload.withMemoryRebound(to: UInt8.self, capacity: uploadSize.pointee) {
            state.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: uploadSize.pointee))
          }
        }
      }
      uploadSize.pointee = 0
      return peoplesync_mhd_yes()
    }
    if state.tooLarge { return queue(connection, tooLarge()) }
    let request = HTTPRequest(
      method: method, path: url, query: values(connection, peoplesync_mhd_argument_kind()),
      headers: Dictionary(
        values(connection, peoplesync_mhd_header_kind()).map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first }),
      body: state.body)
    return queue(connection, responder.respond(to: request))
  }

  func completed(state slot: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) {
    guard let slot, let raw = slot.pointee else { return }
    Unmanaged<RequestState>.fromOpaque(raw).release()
    slot.pointee = nil
    inFlight.add(-1)
  }

  private func tooLarge() -> HTTPResponse {
    HTTPResponse(status: 413, contentType: "text/plain; charset=utf-8", text: "request body larger than \(options.maxBodyBytes) bytes\n")
  }

  private func queue(_ connection: OpaquePointer, _ response: HTTPResponse) -> MHD_Result {
    let handle = response.body.withUnsafeBytes { peoplesync_mhd_response_copy($0.count, $0.baseAddress) }
    guard let handle else { return peoplesync_mhd_no() }
    defer { MHD_destroy_response(handle) }
    for (name, value) in response.headers { _ = MHD_add_response_header(handle, name, value) }
    return MHD_queue_response(connection, UInt32(response.status), handle)
  }

  private func value(_ connection: OpaquePointer, _ kind: MHD_ValueKind, _ name: String) -> String? {
    MHD_lookup_connection_value(connection, kind, name).map { String(cString: $0) }
  }

  private func values(_ connection: OpaquePointer, _ kind: MHD_ValueKind) -> [(name: String, value: String)] {
    let collector = Collector()
    _ = MHD_get_connection_values(connection, kind, collectValue, Unmanaged.passUnretained(collector).toOpaque())
    return collector.pairs
  }

  final class Collector {
    var pairs: [(name: String, value: String)] = []
  }
}

/// Requests in flight, for the graceful stop.
final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  func add(_ delta: Int) { lock.withLock { count += delta } }
  var value: Int { lock.withLock { count } }
}

private let accessHandler: MHD_AccessHandlerCallback = { context, connection, url, method, _, upload, uploadSize, state in
  let server = Unmanaged<HTTPServer>.fromOpaque(context!).takeUnretainedValue()
  return server.handle(
    connection!, url: String(cString: url!), method: String(cString: method!), upload: upload, uploadSize: uploadSize!, state: state!)
}

private let completedHandler: MHD_RequestCompletedCallback = { context, _, state, _ in
  Unmanaged<HTTPServer>.fromOpaque(context!).takeUnretainedValue().completed(state: state)
}

private let collectValue: MHD_KeyValueIterator = { context, _, key, value in
  let collector = Unmanaged<HTTPServer.Collector>.fromOpaque(context!).takeUnretainedValue()
  collector.pairs.append((key.map { String(cString: $0) } ?? "", value.map { String(cString: $0) } ?? ""))
  return peoplesync_mhd_yes()
}

extension Optional where Wrapped == String {
  fileprivate func withOptionalCString<T>(_ body: (UnsafePointer<CChar>?) -> T) -> T {
    switch self {
    case .some(let text): text.withCString { body($0) }
    case .none: body(nil)
    }
  }
}

private func withSocketAddress<T>(_ text: String, port: UInt16, _ body: (UnsafePointer<sockaddr>, Bool) -> T) throws -> T {
  var v4 = sockaddr_in()
  if inet_pton(AF_INET, text, &v4.sin_addr) == 1 {
    v4.sin_family = sa_family_t(AF_INET)
    v4.sin_port = port.bigEndian
    return withUnsafePointer(to: &v4) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, false) } }
  }
  var v6 = sockaddr_in6()
  if inet_pton(AF_INET6, text, &v6.sin6_addr) == 1 {
    v6.sin6_family = sa_family_t(AF_INET6)
    v6.sin6_port = port.bigEndian
    return withUnsafePointer(to: &v6) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, true) } }
  }
  throw HTTPServer.StartError(description: "'\(text)' is not an IPv4 or IPv6 address")
}
