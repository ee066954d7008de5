import Foundation
import HTTPServer
import TestSupport

/// A local HR-system API on a free port of 127.0.0.1 for the connector tests, served by the
/// product's own HTTP transport: each path answers from recorded payloads, and a test can make
/// it throttle, fail or stall first. Every request is kept, with when it came, for the assertions.
final class RecordedAPI: HTTPResponder, @unchecked Sendable {
  /// Answers a request, given how many requests to the same path came before it.
  typealias Route = @Sendable (HTTPRequest, Int) -> HTTPResponse

  private let lock = NSLock()
  private var routes: [String: Route] = [:]
  private var counts: [String: Int] = [:]
  private var log: [(request: HTTPRequest, at: Date)] = []
  private var server: HTTPServer?

  var port: UInt16 { server?.port ?? 0 }
  var base: String { "http://127.0.0.1:\(port)" }

  /// Over TLS when given a certificate and its key (PEM).
  init(tls: (certificate: String, key: String)? = nil) throws {
    let options = HTTPServer.Options(port: 0, tlsCertificate: tls?.certificate, tlsKey: tls?.key)
    let server = HTTPServer(options: options, responder: self)
    try server.start()
    self.server = server
  }

  deinit { server?.stop(grace: 0) }

  func route(_ path: String, _ answer: @escaping Route) { lock.withLock { routes[path] = answer } }

  var requests: [HTTPRequest] { lock.withLock { log.map(\.request) } }
  var times: [Date] { lock.withLock { log.map(\.at) } }
  func requests(to path: String) -> [HTTPRequest] { requests.filter { $0.path == path } }

  func respond(to request: HTTPRequest) -> HTTPResponse {
    let (route, count): (Route?, Int) = lock.withLock {
      log.append((request, Date()))
      let count = counts[request.path, default: 0]
      counts[request.path] = count + 1
      return (routes[request.path], count)
    }
    return route?(request, count) ?? HTTPResponse(status: 404, contentType: "text/plain", text: "no route for \(request.path)")
  }

  // MARK: Answers

  static func json(_ bytes: [UInt8]) -> HTTPResponse {
    HTTPResponse(status: 200, headers: [("Content-Type", "application/json")], body: bytes)
  }
  static func json(_ text: String) -> HTTPResponse { json(Array(text.utf8)) }

  /// UKG's paging: the slice `page` and `per_Page` ask for, as a bare JSON array (empty past the end).
  static func page(of records: [[UInt8]], _ request: HTTPRequest) -> HTTPResponse {
    let page = Int(request.queryValue("page") ?? "1") ?? 1
    let size = Int(request.queryValue("per_Page") ?? "100") ?? 100
    let start = min(records.count, (page - 1) * size)
    return json(
      [UInt8]("[".utf8) + records[start..<min(records.count, start + size)].joined(separator: [UInt8](",".utf8)) + [UInt8]("]".utf8))
  }

  /// Each record as JSON text, for `page`.
  static func encoded(_ records: [Any]) throws -> [[UInt8]] {
    try records.map { [UInt8](try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys])) }
  }

  /// Requires HTTP Basic with these credentials, else 401 (echoing what was sent, as some servers do).
  static func requireBasic(_ user: String, _ password: String, _ request: HTTPRequest) -> HTTPResponse? {
    let expected = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    guard request.header("authorization") == expected else {
      return HTTPResponse(
        status: 401, contentType: "application/json",
        text: #"{"error": "invalid credentials", "received": "\#(request.header("authorization") ?? "")"}"#)
    }
    return nil
  }

  /// A fixture under `Tests/Fixtures/hris/`.
  static func fixture(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: Paths.fixture("hris/\(path)"))) }

  static func fixtureArray(_ path: String) throws -> [Any] {
    (try JSONSerialization.jsonObject(with: Data(try fixture(path))) as? [Any]) ?? []
  }
}
