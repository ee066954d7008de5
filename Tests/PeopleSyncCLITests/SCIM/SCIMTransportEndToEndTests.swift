import Foundation
import TestSupport
import Testing

/// What `peoplesync serve` lets onto the wire (issue 16, point 7): TLS versions and suites checked
/// with `openssl s_client`, plain HTTP off loopback, and what one client can hold open.
@Suite("SCIM server transport end to end")
struct SCIMTransportEndToEndTests {
  /// A self-signed RSA certificate for 127.0.0.1: an RSA key is what static-RSA key exchange needs.
  static func certificate(_ server: SCIMServer) throws -> [String] {
    let key = server.repository.folder.path + "/key.pem"
    let certificate = server.repository.folder.path + "/cert.pem"
    let made = try Shell.run([
      "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "2", "-subj",
      "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
    ])
    #expect(made.status == 0, "\(made.transcript)")
    return ["--tls-cert", certificate, "--tls-key", key]
  }

  /// Whether `openssl s_client` makes a TLS session with the server, and what it printed.
  static func handshake(_ port: Int, _ options: [String]) throws -> (made: Bool, transcript: String) {
    let result = try Shell.run(["timeout", "20", "openssl", "s_client", "-connect", "127.0.0.1:\(port)"] + options, input: Data())
    let made = result.status == 0 && result.stdout.contains("Cipher is ") && !result.stdout.contains("Cipher is (NONE)")
    return (made, "s_client \(options.joined(separator: " ")): \(result.transcript)")
  }

  @Test("TLS: 1.0 and 1.1 refused, 1.2 and 1.3 served; static-RSA key exchange refused, forward-secret suites served")
  func tlsVersionsAndSuites() throws {
    let server = try SCIMServer(start: false)
    defer { server.stop() }
    try server.start(extra: try Self.certificate(server))
    // The client offers all it can (OpenSSL's security level 0): only the server's refusal counts.
    let anything = ["-cipher", "DEFAULT:@SECLEVEL=0"]
    for version in ["-tls1", "-tls1_1"] {
      let attempt = try Self.handshake(server.port, [version] + anything)
      #expect(!attempt.made, "\(attempt.transcript)")
    }
    for version in ["-tls1_2", "-tls1_3"] {
      let attempt = try Self.handshake(server.port, [version])
      #expect(attempt.made, "\(attempt.transcript)")
    }
    for staticRSA in ["AES128-SHA", "AES256-SHA", "AES128-GCM-SHA256", "AES256-GCM-SHA384"] {
      let attempt = try Self.handshake(server.port, ["-tls1_2", "-cipher", staticRSA + ":@SECLEVEL=0"])
      #expect(!attempt.made, "\(attempt.transcript)")
    }
    for forwardSecret in ["ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305"] {
      let attempt = try Self.handshake(server.port, ["-tls1_2", "-cipher", forwardSecret])
      #expect(attempt.made, "\(attempt.transcript)")
    }
  }

  @Test("plain HTTP off loopback is refused unless --behind-tls-proxy says a TLS-terminating proxy is in front")
  func plainHTTPOffLoopback() throws {
    let server = try SCIMServer(start: false)
    defer { server.stop() }
    for address in ["0.0.0.0", "::", "192.0.2.1"] {
      // Under `timeout`: a server that took the address would serve until stopped.
      let refused = try Shell.run([
        "timeout", "10", Paths.peoplesync, "serve", "--repo", server.repository.path, "--listen", address, "--port", "0",
      ])
      #expect(refused.status == 2 && refused.stderr.contains("--behind-tls-proxy"), "\(address): \(refused.transcript)")
    }
    try server.start(extra: ["--listen", "0.0.0.0", "--behind-tls-proxy"])
    #expect(try server.client("scimco").send("GET", "/Users").status == 200)
    server.stop()
    try server.start(extra: ["--listen", "0.0.0.0"] + (try Self.certificate(server)))
    #expect(try server.process!.waitForLine(containing: "listening on").contains("https://"))
    server.stop()
    // Any loopback address serves plain HTTP as before.
    try server.start(extra: ["--listen", "127.0.0.2"])
    let answer = try Shell.run([
      "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer \(server.tokens["scimco"]!)",
      "http://127.0.0.2:\(server.port)/scim/v2/scimco/Users",
    ])
    #expect(answer.stdout == "200", "\(answer.transcript)")
  }

  @Test("one client holding 1,030 idle connections does not lock another client out")
  func oneClientCannotExhaustConnections() throws {
    RawConnection.allowDescriptors(4096)
    let server = try SCIMServer()
    defer { server.stop() }
    var held: [RawConnection] = []
    for _ in 0..<1030 {
      // A connection the server has closed already may not even connect: what counts is the other client.
      if let connection = try? RawConnection(port: server.port, from: "127.0.0.1") { held.append(connection) }
    }
    let other = try Shell.run([
      "curl", "-sS", "--interface", "127.0.0.2", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code}", "-H",
      "Authorization: Bearer \(server.tokens["scimco"]!)", "http://127.0.0.1:\(server.port)/scim/v2/scimco/Users",
    ])
    #expect(other.stdout == "200", "another client, while one holds \(held.count) connections: \(other.transcript)")
    withExtendedLifetime(held) {}
  }

  @Test("connections idle, or stalled halfway through headers or body, are closed after --read-timeout")
  func stalledConnectionsAreClosed() throws {
    let server = try SCIMServer(start: false)
    defer { server.stop() }
    try server.start(extra: ["--read-timeout", "2"])
    let idle = try RawConnection(port: server.port)
    let headers = try RawConnection(port: server.port)
    headers.send("GET /scim/v2/scimco/Users HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    let body = try RawConnection(port: server.port)
    body.send(
      "POST /scim/v2/scimco/Users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(server.tokens["scimco"]!)\r\n"
        + "Content-Type: application/scim+json\r\nContent-Length: 100\r\n\r\n{\"userName\": ")
    let start = Date()
    for (name, connection) in [("idle", idle), ("half the headers", headers), ("half the body", body)] {
      #expect(connection.closedByServer(within: 10), "\(name): still open after \(Date().timeIntervalSince(start)) s")
    }
    #expect(Date().timeIntervalSince(start) < 9)
    // A request sent in time is answered as ever.
    #expect(try server.client("scimco").send("GET", "/Users").status == 200)
  }
}
