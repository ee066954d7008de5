import Foundation
import PeopleSyncCore
import TestSupport
import Testing

/// The attacks of the security review (issue 16, points 5, 6 and 9) against `peoplesync serve`
/// over real HTTP, each kept so it cannot come back.
@Suite("SCIM server security end to end")
struct SCIMSecurityEndToEndTests {
  /// A keystore of the test's own, named for the server and for `sync` runs beside it alike.
  static func keystore(_ server: SCIMServer) -> [String: String] {
    ["PEOPLESYNC_KEYSTORE": server.repository.folder.path + "/keys", "PEOPLESYNC_MASTER_KEY": String(repeating: "5a", count: 32)]
  }

  static func id(_ response: HTTPTestClient.Response) throws -> String {
    #expect(response.status == 201, "\(response.body)")
    return try #require(try JSONParser.parse(response.body).objectValue?["id"]?.stringValue)
  }

  static func filter(_ text: String) -> String { "/Users?filter=" + text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }

  @Test("scim-token --replace: the running server refuses the revoked token on the very next request (GET and POST)")
  func revocationTakesEffectAtOnce() throws {
    let server = try SCIMServer()
    defer { server.stop() }
    let revoked = server.client("scimco")
    #expect(try revoked.send("GET", "/Users").status == 200)
    let minted = try server.repository.expectRun(["scim-token", "--tenant", "scimco", "--replace"])
    let fresh = minted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let commits = try server.repository.commitCount()
    // No new token has been used yet: the revocation alone must be enough.
    #expect(try revoked.send("GET", "/Users").status == 401)
    #expect(try revoked.send("POST", "/Users", body: #"{"userName": "mallory@scimco.example"}"#).status == 401)
    #expect(try server.repository.commitCount() == commits, "nothing written with the revoked token")
    #expect(try server.client("scimco", token: fresh).send("GET", "/Users").status == 200)
    #expect(try revoked.send("GET", "/Users").status == 401)
    #expect(try server.client("otherco").send("GET", "/Users").status == 200, "another tenant's token is untouched")
    // A token added (not replacing) works at once, beside the others.
    let added = try server.repository.expectRun(["scim-token", "--tenant", "scimco"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(try server.client("scimco", token: added).send("GET", "/Users").status == 200)
    #expect(try server.client("scimco", token: fresh).send("GET", "/Users").status == 200)
  }

  @Test("a purge by a 'sync' beside the running server: the erased user is no longer served, by id, in lists or by filter")
  func purgedUserIsNotServed() throws {
    let server = try SCIMServer(start: false)
    defer { server.stop() }
    let environment = Self.keystore(server)
    try server.start(environment: environment)
    let repository = server.repository
    let client = server.client("sealedco")
    var commits = try repository.commitCount()
    let ada = try Self.id(try client.send("POST", "/Users", body: SCIMSealedEndToEndTests.ada))
    let grace = try Self.id(try client.send("POST", "/Users", body: SCIMSealedEndToEndTests.grace))
    for extra in 1...3 { _ = try Self.id(try client.send("POST", "/Users", body: #"{"userName": "extra\#(extra)@sealedco.example"}"#)) }
    try SCIMSealedEndToEndTests.waitForSync(server, after: commits)
    commits = try repository.commitCount()
    let off = try client.send("PATCH", "/Users/\(ada)", body: #"{"Operations": [{"op": "replace", "value": {"active": false}}]}"#)
    #expect(off.status == 200, "\(off.body)")
    try SCIMSealedEndToEndTests.waitForSync(server, after: commits)
    let byName = Self.filter(#"userName eq "ada.lovelace@sealedco.example""#)
    #expect(try client.send("GET", byName).body.contains("\"totalResults\": 1"))

    // After the quarantine, a sync run beside the server purges Ada and destroys her SCIM user's key.
    let later = try #require(Day(SCIMServeEndToEndTests.today)).adding(days: 8).description
    let purge = try repository.peoplesync(["sync", "--tenant", "sealedco", "--as-of", later], environment: environment)
    #expect(purge.status == 0 && purge.stdout.contains("1 purged"), "\(purge.transcript)")
    #expect(try client.send("GET", "/Users/\(ada)").status == 404)
    let filtered = try client.send("GET", byName)
    #expect(filtered.status == 200 && filtered.body.contains("\"totalResults\": 0"), "\(filtered.body)")
    let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    let byNumber = try client.send("GET", Self.filter(#"\#(enterprise):employeeNumber eq "SC-1815" or name.familyName eq "Lovelace""#))
    #expect(byNumber.status == 200 && byNumber.body.contains("\"totalResults\": 0"), "\(byNumber.body)")
    let all = try client.send("GET", "/Users")
    #expect(all.body.contains("\"totalResults\": 4"), "\(all.body)")
    for personal in ["ada.lovelace", "Lovelace", "Augusta", "SC-1815"] { #expect(!all.body.contains(personal), "\(personal) still served") }
    let search = try client.send("POST", "/Users/.search", body: #"{"filter": "userName sw \"ada\""}"#)
    #expect(search.body.contains("\"totalResults\": 0"), "\(search.body)")
    #expect(try client.send("GET", "/Users/\(grace)").status == 200, "everyone else is still served")
  }

  @Test("a 503 and a 500 say nothing internal (no keystore path, no key id); the detail goes to the server's log")
  func internalErrorsAreGeneric() throws {
    let server = try SCIMServer(start: false)
    defer { server.stop() }
    let environment = Self.keystore(server)
    try server.start(environment: environment)
    let client = server.client("sealedco")
    let commits = try server.repository.commitCount()
    _ = try Self.id(try client.send("POST", "/Users", body: SCIMSealedEndToEndTests.ada))
    // Once the server's own sync has saved the keys it made, the keystore loses them while the server runs.
    try SCIMSealedEndToEndTests.waitForSync(server, after: commits)
    let keys = environment["PEOPLESYNC_KEYSTORE"]! + "/sealedco.keys"
    try FileManager.default.moveItem(atPath: keys, toPath: keys + ".away")
    let unavailable = try client.send("POST", "/Users", body: SCIMSealedEndToEndTests.grace)
    #expect(unavailable.status == 503, "\(unavailable.body)")
    let failed = try client.send("GET", "/Users")
    #expect(failed.status == 500, "\(failed.body)")
    for response in [unavailable, failed] {
      #expect(response.body.contains("urn:ietf:params:scim:api:messages:2.0:Error"))
      for secret in [server.repository.folder.path, "keystore", "keys", "PEOPLESYNC", "sealedco/", ".json"] {
        #expect(!response.body.contains(secret), "\(response.status) shows '\(secret)': \(response.body)")
      }
      #expect(response.body.range(of: "[0-9a-f]{16}", options: .regularExpression) == nil, "a key id: \(response.body)")
    }
    server.stop()
    let log = try String(contentsOfFile: try #require(server.process).errors, encoding: .utf8)
    #expect(log.contains("keystore at \(environment["PEOPLESYNC_KEYSTORE"]!)"), "the detail is in the server's log: \(log)")
  }

  @Test("an unknown tenant answers exactly as a known one does to a wrong token: 401, the same body, the same challenge")
  func unknownTenantsLookLikeWrongTokens() throws {
    let server = try SCIMServer()
    defer { server.stop() }
    let wrong = try server.client("scimco", token: "wrong").send("GET", "/Users")
    #expect(wrong.status == 401)
    for tenant in ["nobody", "SCIMCO", "x"] {
      for token in [server.tokens["scimco"]!, "wrong"] {
        let response = try server.client(tenant, token: token).send("GET", "/Users")
        #expect(response.status == 401 && response.body == wrong.body, "\(tenant): \(response.status) \(response.body)")
        #expect(response.header("WWW-Authenticate") == wrong.header("WWW-Authenticate"))
        #expect(response.header("Content-Length") == wrong.header("Content-Length"))
      }
    }
  }

  @Test("Location and meta.location name --base-url, or the listen address, never the client's Host header")
  func locationsIgnoreTheHostHeader() throws {
    let server = try SCIMServer(start: false)
    defer { server.stop() }
    func create(_ name: String) throws -> (headers: String, body: String) {
      let result = try Shell.run([
        "curl", "-sS", "-D", "-", "-H", "Host: evil.example", "-H", "Authorization: Bearer \(server.tokens["scimco"]!)", "-H",
        "Content-Type: application/scim+json", "--data", #"{"userName": "\#(name)@scimco.example"}"#,
        "http://127.0.0.1:\(server.port)/scim/v2/scimco/Users",
      ])
      let parts = result.stdout.components(separatedBy: "\r\n\r\n")
      #expect(result.status == 0 && parts.count == 2 && parts[0].hasPrefix("HTTP/1.1 201"), "\(result.transcript)")
      return (parts.first ?? "", parts.last ?? "")
    }
    try server.start()
    let plain = try create("ada")
    let local = "http://127.0.0.1:\(server.port)/scim/v2/scimco/Users/"
    #expect(plain.headers.contains("Location: \(local)") && plain.body.contains("\"location\": \"\(local)"), "\(plain)")
    #expect(!plain.headers.contains("evil") && !plain.body.contains("evil"))
    server.stop()

    try server.start(extra: ["--base-url", "https://scim.example.com/idp/"])
    let configured = try create("grace")
    let public_ = "https://scim.example.com/idp/scim/v2/scimco/Users/"
    #expect(configured.headers.contains("Location: \(public_)") && configured.body.contains("\"location\": \"\(public_)"), "\(configured)")
    #expect(!configured.headers.contains("evil") && !configured.body.contains("evil"))
    let config = try server.client("scimco").send("GET", "/ServiceProviderConfig", headers: ["Host": "evil.example"])
    #expect(config.body.contains("https://scim.example.com/idp/scim/v2/scimco/ServiceProviderConfig"), "\(config.body)")
    server.stop()

    for bad in ["ftp://scim.example.com", "https://scim.example.com/?q=1", "https://scim.example.com/#x", "scim.example.com", "https://"] {
      // Under `timeout`: a server that took the address would serve until stopped.
      let refused = try Shell.run([
        "timeout", "20", Paths.peoplesync, "serve", "--repo", server.repository.path, "--port", "0", "--base-url", bad,
      ])
      #expect(refused.status == 2 && refused.stderr.contains("--base-url"), "\(bad): \(refused.transcript)")
    }
  }

  @Test("wrong tokens and unknown tenants cost the server no file read: no git look-up per bad request")
  func badRequestsReadNothing() throws {
    let server = try SCIMServer()
    defer { server.stop() }
    let pid = try #require(server.process?.pid)
    #expect(try server.client("scimco").send("GET", "/Users").status == 200)
    func reads() throws -> Int {
      let io = try String(contentsOfFile: "/proc/\(pid)/io", encoding: .utf8)
      return Int(io.split(separator: "\n").first { $0.hasPrefix("syscr:") }?.split(separator: " ").last ?? "") ?? -1
    }
    for (tenant, token) in [("scimco", "wrong"), ("nobody", "wrong"), ("otherco", server.tokens["scimco"]!)] {
      let before = try reads()
      // 200 requests on one keep-alive connection (curl's URL globbing).
      let result = try Shell.run([
        "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}\n", "-H", "Authorization: Bearer \(token)",
        "http://127.0.0.1:\(server.port)/scim/v2/\(tenant)/Users?n=[1-200]",
      ])
      let after = try reads()
      #expect(result.stdout.split(separator: "\n").allSatisfy { $0 == "401" } && result.stdout.split(separator: "\n").count == 200)
      // Sockets are read with recv, which this count leaves out: what is left are file reads.
      #expect(after - before < 20, "\(tenant): \(after - before) reads for 200 refused requests")
    }
  }
}
