import Foundation
import PeopleSyncCore
import TestSupport
import Testing

/// `peoplesync serve` as a process, through real HTTP clients (URLSession, and scim2-tester's httpx).
@Suite("SCIM server end to end")
struct SCIMServeEndToEndTests {
  @Test(
    "scim2-tester: every check SUCCESS against the real server over HTTP, on a plain and on an encrypted tenant; what it wrote passes git fsck",
    arguments: ["scimco", "sealedco"])
  func conformance(tenant: String) throws {
    let server = try SCIMServer()
    defer { server.stop() }
    let result = try Shell.run([
      "python3", Paths.packageRoot.appendingPathComponent("Tests/SCIMConformance/scim2_tester_check.py").path,
      "http://127.0.0.1:\(server.port)/scim/v2/\(tenant)", server.tokens[tenant]!,
    ])
    #expect(result.status == 0, "\(result.transcript)")
    let total = result.stdout.split(separator: "\n").last { $0.hasPrefix("TOTAL") }.map(String.init) ?? ""
    #expect(total.contains("SUCCESS=") && !total.contains("ERROR") && !total.contains("SKIPPED"), "\(total)")
    #expect(Int(total.split(separator: " ")[1]) ?? 0 > 100, "\(total)")
    server.stop()
    try server.repository.git(["fsck", "--strict", "--no-progress"])
  }

  @Test("bad input: each a SCIM error with status and scimType, nothing stored, and the server keeps serving")
  func badInput() throws {
    let server = try SCIMServer()
    defer { server.stop() }
    let client = server.client("scimco")
    func scimCommits() throws -> Int {
      try server.repository.git(["log", "--format=%s", "main"]).stdout.split(separator: "\n").filter { $0.hasPrefix("scim ") }.count
    }
    let commits = try scimCommits()
    let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
    let cases: [(String, String, String?, String, Int, String?)] = [
      ("malformed JSON", "/Users", #"{"userName": "a""#, "application/scim+json", 400, "invalidSyntax"),
      ("not an object", "/Users", #"["userName"]"#, "application/scim+json", 400, "invalidSyntax"),
      ("wrong content type", "/Users", #"{"userName": "a"}"#, "text/plain", 415, "invalidSyntax"),
      ("form content type", "/Users", "userName=a", "application/x-www-form-urlencoded", 415, "invalidSyntax"),
      ("deep nesting", "/Users", deep, "application/scim+json", 400, "invalidSyntax"),
      ("huge body", "/Users", #"{"userName": ""# + String(repeating: "x", count: 300_000) + #""}"#, "application/scim+json", 413, nil),
      ("wrong type", "/Users", #"{"userName": "a", "active": 5}"#, "application/scim+json", 400, "invalidValue"),
      ("missing userName", "/Users", #"{"name": {"givenName": "A"}}"#, "application/scim+json", 400, "invalidValue"),
      (
        "group with an unknown member", "/Groups", #"{"displayName": "G", "members": [{"value": "nobody"}]}"#, "application/scim+json", 400,
        "invalidValue"
      ),
    ]
    for (name, path, body, type, status, scimType) in cases {
      let response = try client.send("POST", path, body: body, contentType: type)
      #expect(response.status == status, "\(name): \(response.status) \(response.body.prefix(300))")
      if status != 413 {
        #expect(response.body.contains("urn:ietf:params:scim:api:messages:2.0:Error"), "\(name): \(response.body.prefix(300))")
        #expect(response.body.contains("\"status\": \"\(status)\""), "\(name)")
      }
      if let scimType { #expect(response.body.contains("\"scimType\": \"\(scimType)\""), "\(name): \(response.body.prefix(300))") }
    }
    // Unknown attributes are ignored (RFC 7644 §3.3), not stored.
    let created = try client.send("POST", "/Users", body: #"{"userName": "ada@example.com", "favouriteColour": "green"}"#)
    #expect(created.status == 201)
    #expect(!created.body.contains("favouriteColour"))
    let filters = [
      "userName eq", "userName xx \"a\"", "(userName eq \"a\"", "nosuch eq \"a\"",
      String(repeating: "(", count: 100) + "userName pr" + String(repeating: ")", count: 100),
    ]
    for filter in filters {
      let response = try client.send("GET", "/Users?filter=" + filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
      #expect(response.status == 400 && response.body.contains("invalidFilter"), "\(filter): \(response.body.prefix(200))")
    }
    for path in ["/Users/nope", "/Nothing", "/Users/a/b"] {
      #expect(try client.send("GET", path).status == 404, "\(path)")
    }
    #expect(try client.send("DELETE", "/ServiceProviderConfig").status == 405)
    #expect(try client.send("PUT", "/Schemas", body: "{}").status == 405)
    // Path traversal, sent as is (curl --path-as-is; URLSession would tidy the dots away): 404. Unknown
    // tenants: 401, as a wrong token (another tenant's token proves nothing about them).
    for (path, status) in [
      ("/scim/v2/nobody/Users", "401"), ("/scim/v2/../scimco/Users", "404"), ("/scim/v2/%2e%2e/Users", "404"),
      ("/scim/v2/SCIMCO/Users", "401"), ("/scim/v2/scimco/../otherco/Users", "404"),
      ("/scim/v2/scimco/Users/../../otherco/Users", "404"), ("/scim/v2/scimco%2f..%2fotherco/Users", "404"),
    ] {
      let response = try Shell.run([
        "curl", "-sS", "--path-as-is", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer \(server.tokens["otherco"]!)",
        "http://127.0.0.1:\(server.port)" + path,
      ])
      #expect(response.stdout == status, "\(path): \(response.transcript)")
    }
    #expect(try scimCommits() == commits + 1, "only the one valid create was committed")
    #expect(try client.send("GET", "/ServiceProviderConfig").status == 200)
  }

  @Test("tokens: none or a wrong one is 401 with a SCIM body; tenant A's token reads and changes nothing of tenant B")
  func authentication() throws {
    let server = try SCIMServer()
    defer { server.stop() }
    let scimco = server.client("scimco")
    let ada = try scimco.send("POST", "/Users", body: #"{"userName": "ada@scimco.example"}"#)
    #expect(ada.status == 201)
    let id = try #require(
      ada.body.range(of: #""id": "[0-9a-f-]+""#, options: .regularExpression).map { String(ada.body[$0].dropFirst(7).dropLast()) })
    let nobody = server.client("scimco", token: "")
    nobody.token = nil
    for client in [nobody, server.client("scimco", token: "wrong"), server.client("scimco", token: server.tokens["otherco"])] {
      let response = try client.send("GET", "/Users/\(id)")
      #expect(response.status == 401, "\(response.body)")
      #expect(response.body.contains("\"status\": \"401\""))
      #expect(response.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
      #expect(try client.send("DELETE", "/Users/\(id)").status == 401)
      #expect(try client.send("POST", "/Users", body: #"{"userName": "mallory@scimco.example"}"#).status == 401)
    }
    // otherco's own view has none of scimco's users.
    let other = try server.client("otherco").send("GET", "/Users")
    #expect(other.status == 200 && other.body.contains("\"totalResults\": 0"))
    #expect(try scimco.send("GET", "/Users/\(id)").status == 200)
    #expect(try server.repository.git(["grep", "-c", "mallory", "main"], check: false).stdout.isEmpty)
    // The repository has only the token's hash, in a file its schema describes.
    for token in server.tokens.values { #expect(try server.repository.git(["grep", "-F", token, "main"], check: false).stdout.isEmpty) }
    let tokens = try #require(try server.repository.git(["show", "main:tenants/scimco/scim-tokens.json"]).stdout)
    let check = try Shell.run(
      [
        "python3", "-c",
        "import json, sys; from jsonschema import Draft202012Validator as V; "
          + "V(json.load(open(sys.argv[1]))).validate(json.loads(sys.stdin.read()))",
        Paths.packageRoot.appendingPathComponent("schemas/scim-tokens.schema.json").path,
      ], input: Data(tokens.utf8))
    #expect(check.status == 0, "\(check.transcript)")
  }

  @Test("the directory follows SCIM at once: a deactivation wins over the daily feed, a SCIM-only user is provisioned")
  func directoryFollows() throws {
    let server = try SCIMServer(start: false)
    defer { server.stop() }
    let csv = try server.repository.scratchFile("hr.csv", Globex.csv(try Globex.rows()))
    try server.repository.expectRun(["ingest", "--tenant", "mixedco", "--file", csv])
    try server.repository.expectRun(["sync", "--tenant", "mixedco", "--as-of", Self.today])
    try server.start()
    let client = server.client("mixedco")
    func waitForSync(after count: Int) throws -> String {
      let deadline = Date().addingTimeInterval(10)
      while Date() < deadline {
        let log = try server.repository.git(["log", "--format=%s", "main"]).stdout.split(separator: "\n")
        if log.count > count, log[0].hasPrefix("sync mixedco") { return String(log[0]) }
        usleep(50_000)
      }
      throw TestFailure("no sync commit after the SCIM write")
    }
    var commits = try server.repository.commitCount()
    let frank = try client.send("POST", "/Users", body: #"{"userName": "frank.grimes@globex.example", "active": true}"#)
    #expect(frank.status == 201)
    let id = try #require(try JSONParser.parse(frank.body).objectValue?["id"]?.stringValue)
    usleep(500_000)
    #expect(
      try server.repository.git(["log", "-1", "--format=%s", "main"]).stdout.hasPrefix("scim mixedco"),
      "Frank is in the feed already: nothing to sync")
    commits = try server.repository.commitCount()
    let off = try client.send("PATCH", "/Users/\(id)", body: #"{"Operations": [{"op": "replace", "value": {"active": false}}]}"#)
    #expect(off.status == 200)
    let deprovisioned = try waitForSync(after: commits + 1)
    // Frank is deprovisioned; the people he managed lose him as their manager.
    #expect(deprovisioned.hasPrefix("sync mixedco:") && deprovisioned.hasSuffix("1 deprovisioned"), "\(deprovisioned)")
    #expect(try server.repository.git(["log", "-1", "--format=%B", "main"]).stdout.contains("frank.grimes@globex.example"))
    commits = try server.repository.commitCount()
    let newbie = try client.send(
      "POST", "/Users", body: #"{"userName": "newbie@globex.example", "name": {"givenName": "New", "familyName": "Bie"}}"#)
    #expect(newbie.status == 201)
    #expect(try waitForSync(after: commits + 1) == "sync mixedco: 1 provisioned")
    // The server left nothing for a sync to do; the daily feed still has Frank active, SCIM wins.
    let sync = try server.repository.expectRun(["sync", "--tenant", "mixedco", "--as-of", Self.today])
    #expect(sync.stdout.contains("no changes"), "\(sync.transcript)")
    let explain = try server.repository.expectRun(["explain", "--tenant", "mixedco", "--person", "frank.grimes@globex.example"])
    #expect(explain.stdout.contains("deactivated over SCIM"), "\(explain.transcript)")
  }

  static var today: String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd"
    return formatter.string(from: Date())
  }

  @Test("ETags: meta.version in the ETag header; a stale If-Match is 412 and changes nothing; If-None-Match is 304")
  func etags() throws {
    let server = try SCIMServer()
    defer { server.stop() }
    let client = server.client("scimco")
    let created = try client.send("POST", "/Users", body: #"{"userName": "ada@scimco.example", "title": "Analyst"}"#)
    #expect(created.header("ETag") == #"W/"1""#)
    let id = try #require(try JSONParser.parse(created.body).objectValue?["id"]?.stringValue)
    let patch = #"{"Operations": [{"op": "replace", "path": "title", "value": "Countess"}]}"#
    let updated = try client.send("PATCH", "/Users/\(id)", body: patch, headers: ["If-Match": #"W/"1""#])
    #expect(updated.status == 200 && updated.header("ETag") == #"W/"2""#)
    let stale = try client.send(
      "PUT", "/Users/\(id)", body: #"{"userName": "ada@scimco.example", "title": "Old"}"#, headers: ["If-Match": #"W/"1""#])
    #expect(stale.status == 412, "\(stale.body)")
    #expect(try client.send("DELETE", "/Users/\(id)", headers: ["If-Match": #"W/"1""#]).status == 412)
    let current = try client.send("GET", "/Users/\(id)")
    #expect(try JSONParser.parse(current.body).objectValue?["title"]?.stringValue == "Countess")
    #expect(try client.send("GET", "/Users/\(id)", headers: ["If-None-Match": #"W/"2""#]).status == 304)
    #expect(try client.send("DELETE", "/Users/\(id)", headers: ["If-Match": "*"]).status == 204)
  }

  @Test("TLS: serve --tls-cert/--tls-key answers HTTPS that curl verifies, and no plain HTTP")
  func tls() throws {
    let server = try SCIMServer(start: false)
    defer { server.stop() }
    let key = server.repository.folder.path + "/key.pem"
    let certificate = server.repository.folder.path + "/cert.pem"
    let made = try Shell.run([
      "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "2", "-subj",
      "/CN=127.0.0.1",
      "-addext", "subjectAltName=IP:127.0.0.1",
    ])
    #expect(made.status == 0, "\(made.transcript)")
    try server.start(extra: ["--tls-cert", certificate, "--tls-key", key])
    #expect(try server.process!.waitForLine(containing: "listening on").contains("https://"))
    let secure = try Shell.run([
      "curl", "-sS", "--cacert", certificate, "-H", "Authorization: Bearer \(server.tokens["scimco"]!)",
      "https://127.0.0.1:\(server.port)/scim/v2/scimco/ServiceProviderConfig",
    ])
    #expect(secure.status == 0 && secure.stdout.contains("ServiceProviderConfig"), "\(secure.transcript)")
    let plain = try Shell.run(["curl", "-sS", "--max-time", "5", "http://127.0.0.1:\(server.port)/scim/v2/scimco/ServiceProviderConfig"])
    #expect(!plain.stdout.contains("ServiceProviderConfig"))
  }

  @Test("SIGTERM: stops taking connections, finishes, exits 0")
  func gracefulShutdown() throws {
    let server = try SCIMServer()
    let client = server.client("scimco")
    #expect(try client.send("POST", "/Users", body: #"{"userName": "ada@scimco.example"}"#).status == 201)
    let status = try #require(server.process?.stop(SIGTERM))
    #expect(status == 0, "\(server.process?.transcript ?? "")")
    #expect(server.process?.transcript.contains("stopped after 1 writes in 1 commits") == true)
    #expect(throws: Error.self) { try client.send("GET", "/Users") }
  }
}
