import Foundation
import HTTPServer
import TestSupport
import Testing

/// Echoes what it received as `key: value` lines; `/status/N` answers N; `/wait` answers once
/// `/release` has been requested (or after 20 s), which only a server serving both at once can do.
final class EchoResponder: HTTPResponder, @unchecked Sendable {
  let released = DispatchSemaphore(value: 0)
  let entered = DispatchSemaphore(value: 0)

  func respond(to request: HTTPRequest) -> HTTPResponse {
    if request.path == "/wait" {
      entered.signal()
      let outcome = released.wait(timeout: .now() + 20) == .success ? "released" : "timed out"
      return HTTPResponse(status: 200, contentType: "text/plain", text: outcome)
    }
    if request.path == "/release" { released.signal() }
    if request.path.hasPrefix("/status/"), let status = Int(request.path.dropFirst(8)) { return HTTPResponse(status: status) }
    var lines = ["method: \(request.method)", "path: \(request.path)"]
    lines += request.query.map { "query \($0.name): \($0.value)" }
    lines.append("content-type: \(request.header("Content-Type") ?? "-")")
    lines.append("body: \(request.body.count) bytes \(String(decoding: request.body.prefix(40), as: UTF8.self))")
    return HTTPResponse(
      status: 200, headers: [("Content-Type", "text/plain"), ("X-Echo", "yes")], body: Array((lines.joined(separator: "\n") + "\n").utf8))
  }
}

/// The server through real clients: curl over real sockets.
@Suite("HTTP server")
struct HTTPServerTests {
  func server(_ options: HTTPServer.Options = HTTPServer.Options(port: 0, maxBodyBytes: 1000)) throws -> HTTPServer {
    let server = HTTPServer(options: options, responder: EchoResponder())
    try server.start()
    return server
  }

  func curl(_ arguments: [String], input: Data? = nil) throws -> ProcessResult {
    try Shell.run(["curl", "-sS", "--max-time", "20"] + arguments, input: input)
  }

  @Test("path, decoded query (%20 and +), headers and body reach the responder; the response's status and headers come back")
  func echo() throws {
    let server = try server()
    defer { server.stop() }
    let base = "http://127.0.0.1:\(server.port)"
    let get = try curl(["-i", "\(base)/scim/v2/acme/Users?filter=userName%20eq%20%22a+b%22&count=2"])
    #expect(get.stdout.contains("HTTP/1.1 200"), "\(get.transcript)")
    #expect(get.stdout.contains("X-Echo: yes"))
    #expect(get.stdout.contains("path: /scim/v2/acme/Users"))
    #expect(get.stdout.contains("query filter: userName eq \"a b\""))
    #expect(get.stdout.contains("query count: 2"))
    let post = try curl(
      ["-X", "POST", "-H", "Content-Type: application/scim+json", "--data-binary", "@-", "\(base)/x"], input: Data("{\"a\":1}".utf8))
    #expect(post.stdout.contains("method: POST"))
    #expect(post.stdout.contains("content-type: application/scim+json"))
    #expect(post.stdout.contains("body: 7 bytes {\"a\":1}"))
    let status = try curl(["-o", "/dev/null", "-w", "%{http_code}", "\(base)/status/404"])
    #expect(status.stdout == "404")
  }

  @Test("bodies over the limit get 413, with Content-Length or chunked; the server keeps serving")
  func bodyLimit() throws {
    let server = try server()
    defer { server.stop() }
    let url = "http://127.0.0.1:\(server.port)/x"
    let big = Data(repeating: UInt8(ascii: "a"), count: 5000)
    let sized = try curl(["-o", "/dev/null", "-w", "%{http_code}", "--data-binary", "@-", url], input: big)
    #expect(sized.stdout == "413", "\(sized.transcript)")
    let chunked = try curl(
      ["-o", "/dev/null", "-w", "%{http_code}", "-H", "Transfer-Encoding: chunked", "--data-binary", "@-", url], input: big)
    #expect(chunked.stdout == "413", "\(chunked.transcript)")
    let fits = try curl(["--data-binary", "@-", url], input: Data(repeating: UInt8(ascii: "b"), count: 1000))
    #expect(fits.stdout.contains("body: 1000 bytes"))
  }

  @Test("bodies larger than a connection's memory pool arrive whole; headers past it get 431, and the server keeps serving")
  func largeRequests() throws {
    let server = try server(HTTPServer.Options(port: 0, maxBodyBytes: 1 << 20))
    defer { server.stop() }
    let url = "http://127.0.0.1:\(server.port)/x"
    let body = Data((0..<600_000).map { UInt8(ascii: "a") + UInt8($0 % 26) })
    let large = try curl(["-H", "Content-Type: text/plain", "--data-binary", "@-", url], input: body)
    #expect(large.stdout.contains("body: 600000 bytes abcdefghijklmnopqrstuvwxyzabcdefghijklmn"), "\(large.transcript)")
    let header = String(repeating: "h", count: 40_000)
    let fits = try curl(["-o", "/dev/null", "-w", "%{http_code}", "-H", "X-Large: \(header)", url])
    #expect(fits.stdout == "200", "\(fits.transcript)")
    let huge = String(repeating: "h", count: 100_000)
    let refused = try curl(["-o", "/dev/null", "-w", "%{http_code}", "-H", "X-Huge: \(huge)", url])
    #expect(refused.stdout == "431", "\(refused.transcript)")
    #expect(try curl([url]).stdout.contains("path: /x"))
  }

  @Test("keep-alive: several requests on one connection")
  func keepAlive() throws {
    let server = try server()
    defer { server.stop() }
    let url = "http://127.0.0.1:\(server.port)"
    let result = try curl(["-v", "\(url)/a", "\(url)/b", "\(url)/c"])
    #expect(result.stdout.contains("path: /a") && result.stdout.contains("path: /c"))
    #expect(result.stderr.contains("Re-using existing connection"), "\(result.transcript)")
  }

  /// Requests /wait in the background; the result arrives in `done`.
  func startWaiting(_ url: String) -> (DispatchSemaphore, () -> ProcessResult?) {
    nonisolated(unsafe) var result: ProcessResult?
    let done = DispatchSemaphore(value: 0)
    // Threads of their own: under a loaded test run, Dispatch's shared pool can start work late.
    Thread {
      result = try? Shell.run(["curl", "-sS", "--max-time", "20", "\(url)/wait"])
      done.signal()
    }.start()
    return (done, { result })
  }

  @Test("a blocked request does not hold up others: /wait is released by a second request")
  func concurrency() throws {
    let server = try server()
    defer { server.stop() }
    let url = "http://127.0.0.1:\(server.port)"
    let (done, result) = startWaiting(url)
    usleep(200_000)
    #expect(try curl(["\(url)/release"]).stdout.contains("path: /release"))
    done.wait()
    #expect(result()?.stdout == "released", "\(result()?.transcript ?? "no result")")
  }

  @Test("a stop lets the request in flight finish, then refuses connections")
  func gracefulStop() throws {
    let responder = EchoResponder()
    let server = HTTPServer(options: HTTPServer.Options(port: 0), responder: responder)
    try server.start()
    let url = "http://127.0.0.1:\(server.port)"
    let (done, result) = startWaiting(url)
    #expect(responder.entered.wait(timeout: .now() + 10) == .success)
    Thread {
      usleep(300_000)
      responder.released.signal()
    }.start()
    server.stop()
    done.wait()
    #expect(result()?.stdout == "released", "\(result()?.transcript ?? "no result")")
    let after = try Shell.run(["curl", "-sS", "--max-time", "5", "\(url)/x"])
    #expect(after.status != 0, "the stopped server still answers")
  }

  @Test("TLS with a certificate and key: curl verifies it against the certificate")
  func tls() throws {
    let folder = try TemporaryDirectory(prefix: "peoplesync-tls")
    let key = folder.path + "/key.pem"
    let certificate = folder.path + "/cert.pem"
    let made = try Shell.run([
      "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "2", "-subj",
      "/CN=127.0.0.1",
      "-addext", "subjectAltName=IP:127.0.0.1",
    ])
    #expect(made.status == 0, "\(made.transcript)")
    let server = try server(
      HTTPServer.Options(
        port: 0, tlsCertificate: try String(contentsOfFile: certificate, encoding: .utf8),
        tlsKey: try String(contentsOfFile: key, encoding: .utf8)))
    defer { server.stop() }
    let secure = try curl(["--cacert", certificate, "https://127.0.0.1:\(server.port)/tls"])
    #expect(secure.stdout.contains("path: /tls"), "\(secure.transcript)")
    let plain = try curl(["http://127.0.0.1:\(server.port)/tls"])
    #expect(!plain.stdout.contains("path: /tls"))
  }

  @Test("loopback: all of 127.0.0.0/8, ::1 and IPv4 loopback mapped into IPv6; not wildcards, not other addresses")
  func loopback() {
    for address in ["127.0.0.1", "127.0.0.2", "127.255.255.254", "::1", "::ffff:127.0.0.1", "0:0:0:0:0:0:0:1"] {
      #expect(HTTPServer.isLoopback(address), "\(address)")
    }
    for address in ["0.0.0.0", "::", "10.0.0.1", "128.0.0.1", "192.0.2.1", "::2", "::ffff:10.0.0.1", "fe80::1", "localhost", ""] {
      #expect(!HTTPServer.isLoopback(address), "\(address)")
    }
  }

  @Test("a bad address or a port in use is a clear error")
  func startErrors() throws {
    #expect(throws: HTTPServer.StartError.self) {
      try HTTPServer(options: HTTPServer.Options(address: "not-an-address"), responder: EchoResponder()).start()
    }
    let first = try server()
    defer { first.stop() }
    #expect(throws: HTTPServer.StartError.self) {
      try HTTPServer(options: HTTPServer.Options(port: first.port), responder: EchoResponder()).start()
    }
  }
}
