import Foundation
import HTTPServer
import TestSupport
import Testing

/// How the connector behaves when the HR system misbehaves: retries where they help, none where
/// they cannot, time limits, credentials kept out of messages, and never a partial snapshot.
@Suite("Fetch resilience")
struct FetchResilienceTests {
  @Test("429 with Retry-After, then success: the wait is honoured and the fetch succeeds")
  func throttledThenServed() throws {
    let fixture = try Workday.fixture()
    let report = try RecordedAPI.fixture("workday/report.json")
    fixture.api.route(Workday.path) { request, count in
      // The body echoes the credentials, as some gateways do: the retry note must not repeat them.
      let body = "slow down, \(request.header("authorization") ?? "")"
      return count == 0 ? HTTPResponse(status: 429, headers: [("Retry-After", "1")], body: Array(body.utf8)) : RecordedAPI.json(report)
    }
    let result = try fixture.fetch()
    #expect(result.status == 0, "\(result.transcript)")
    #expect(result.stderr.contains("HTTP 429: slow down, Basic [redacted]; attempt 2 of 3 in 1.0 s"), "\(result.transcript)")
    #expect(!result.transcript.contains(Data("ISU_PeopleSync@wdco:w0rkday-s3cret!".utf8).base64EncodedString()))
    let times = fixture.api.times
    try #require(times.count == 2)
    // The configured backoff is 50 ms at most 200 ms: only Retry-After explains a second's wait.
    #expect(times[1].timeIntervalSince(times[0]) >= 0.95)
    #expect(try fixture.snapshot() != nil)
  }

  @Test("500, then success: retried with backoff")
  func serverErrorThenServed() throws {
    let fixture = try UKG.fixture()
    let records = try RecordedAPI.encoded(try RecordedAPI.fixtureArray("ukg/employment-details.json"))
    fixture.api.route(UKG.employment) { request, count in
      count == 1 ? HTTPResponse(status: 500, contentType: "text/plain", text: "internal error") : RecordedAPI.page(of: records, request)
    }
    let result = try fixture.fetch()
    #expect(result.status == 0, "\(result.transcript)")
    #expect(result.stderr.contains("employment-details page 2: HTTP 500: internal error; attempt 2 of 3"), "\(result.transcript)")
    #expect(fixture.api.requests(to: UKG.employment).map { $0.queryValue("page") } == ["1", "2", "2", "3", "4"])
  }

  @Test("a persistent 500 fails the fetch after the configured attempts; the snapshot and the directory stay as they were")
  func persistentServerError() throws {
    let fixture = try UKG.fixture()
    try #require(try fixture.fetch().status == 0)
    try fixture.repo.expectRun(["sync", "--as-of", "2026-11-29"])
    let head = try fixture.repo.head()
    let directory = try fixture.directoryText()

    let records = try RecordedAPI.encoded(try RecordedAPI.fixtureArray("ukg/employment-details.json"))
    fixture.api.route(UKG.employment) { request, _ in
      // The first page still works: a partial listing must not become a snapshot.
      request.queryValue("page") == "1"
        ? RecordedAPI.page(of: records, request) : HTTPResponse(status: 503, contentType: "text/plain", text: "unavailable")
    }
    let failed = try fixture.fetch()
    #expect(failed.status == 8, "\(failed.transcript)")
    #expect(
      failed.stderr.contains("employment-details page 2: gave up after 3 attempts; last: HTTP 503: unavailable"), "\(failed.transcript)")
    #expect(try fixture.repo.head() == head)
    try fixture.repo.expectRun(["sync", "--as-of", "2026-11-29"])
    #expect(try fixture.repo.head() == head)
    #expect(try fixture.directoryText() == directory)
  }

  @Test("401: a configuration error said plainly, not retried, the credentials redacted even where the server echoes them")
  func unauthorized() throws {
    let fixture = try Workday.fixture()
    let result = try fixture.fetch(environment: ["WDCO__WORKDAY_PASSWORD": "wrong-passw0rd"])
    #expect(result.status == 8, "\(result.transcript)")
    #expect(result.stderr.contains("refused with HTTP 401"), "\(result.transcript)")
    let check = "a configuration error, not retried (check WDCO__WORKDAY_USER, WDCO__WORKDAY_PASSWORD)"
    #expect(result.stderr.contains(check), "\(result.transcript)")
    #expect(fixture.api.requests.count == 1)
    // The server's body echoes the Authorization header it got: the message keeps the shape, not the secret.
    let basic = Data("ISU_PeopleSync@wdco:wrong-passw0rd".utf8).base64EncodedString()
    #expect(result.stderr.contains("Basic [redacted]"), "\(result.transcript)")
    for secret in ["wrong-passw0rd", basic] { #expect(!result.transcript.contains(secret)) }
    #expect(try fixture.snapshot() == nil)
  }

  @Test("a server slower than timeoutSeconds: each attempt times out, the fetch fails, nothing is committed")
  func slowServer() throws {
    let fixture = try Workday.fixture {
      $0 = $0.replacingOccurrences(of: #""retry": { "attempts": 3"#, with: #""timeoutSeconds": 1, "retry": { "attempts": 2"#)
    }
    fixture.api.route(Workday.path) { _, _ in
      Thread.sleep(forTimeInterval: 3)
      return RecordedAPI.json(#"{"Report_Entry": []}"#)
    }
    let started = Date()
    let result = try fixture.fetch()
    #expect(result.status == 8, "\(result.transcript)")
    #expect(
      result.stderr.contains("gave up after 2 attempts; last: no complete response within 1 s (timeoutSeconds)"), "\(result.transcript)")
    #expect(Date().timeIntervalSince(started) < 2.9 * 2, "each attempt was cut at its timeout, not left to finish")
    #expect(try fixture.snapshot() == nil)
  }

  @Test("runTimeoutSeconds bounds the whole fetch, retries included")
  func runTimeout() throws {
    let fixture = try Workday.fixture {
      $0 = $0.replacingOccurrences(of: #""retry": { "attempts": 3"#, with: #""runTimeoutSeconds": 1, "retry": { "attempts": 3"#)
    }
    fixture.api.route(Workday.path) { _, _ in HTTPResponse(status: 503, headers: [("Retry-After", "5")], body: []) }
    let result = try fixture.fetch()
    #expect(result.status == 8, "\(result.transcript)")
    #expect(result.stderr.contains("would pass the run's 1 s (runTimeoutSeconds)"), "\(result.transcript)")
    #expect(fixture.api.requests.count == 1)
  }

  @Test("HTTPS: the certificate is verified; an unknown authority fails at once, one trusted with PEOPLESYNC_CA_FILE works")
  func https() throws {
    let folder = try TemporaryDirectory(prefix: "peoplesync-fetch-tls")
    let (key, certificate) = (folder.path + "/key.pem", folder.path + "/cert.pem")
    let made = try Shell.run([
      "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "2", "-subj",
      "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
    ])
    try #require(made.status == 0, "\(made.transcript)")
    let tls = (try String(contentsOfFile: certificate, encoding: .utf8), try String(contentsOfFile: key, encoding: .utf8))
    let fixture = try Workday.fixture(tls: tls) { $0 = $0.replacingOccurrences(of: "http://127.0.0.1", with: "https://127.0.0.1") }

    let refused = try fixture.fetch()
    #expect(refused.status == 8, "\(refused.transcript)")
    #expect(refused.stderr.contains("the server's certificate could not be verified"), "\(refused.transcript)")
    #expect(!refused.stderr.contains("attempt 2"), "an untrusted certificate is not retried: \(refused.transcript)")
    #expect(fixture.api.requests.isEmpty)

    let trusted = try fixture.fetch(environment: ["PEOPLESYNC_CA_FILE": certificate])
    #expect(trusted.status == 0, "\(trusted.transcript)")
    #expect(fixture.api.requests.count == 1)
  }

  @Test("credentials from <NAME>_FILE; a missing one is named, and nothing is requested")
  func credentialFiles() throws {
    let fixture = try Workday.fixture()
    let secrets = try TemporaryDirectory(prefix: "peoplesync-secrets")
    let file = try secrets.write("password", "w0rkday-s3cret!\n")
    let environment = ["WDCO__WORKDAY_USER": "ISU_PeopleSync@wdco", "WDCO__WORKDAY_PASSWORD_FILE": file.path]
    let result = try fixture.repo.peoplesync(["fetch", "--tenant", "wdco"], environment: environment)
    #expect(result.status == 0, "\(result.transcript)")

    let missing = try Workday.fixture()
    let refused = try missing.repo.peoplesync(["fetch", "--tenant", "wdco"], environment: ["WDCO__WORKDAY_USER": "someone"])
    #expect(refused.status == 8, "\(refused.transcript)")
    #expect(refused.stderr.contains("WDCO__WORKDAY_PASSWORD is not set (nor WDCO__WORKDAY_PASSWORD_FILE)"), "\(refused.transcript)")
    #expect(missing.api.requests.isEmpty)
  }

  @Test("run-daily fetches each API tenant, then syncs; a failed fetch keeps the snapshot in force and the others go on")
  func runDaily() throws {
    let fixture = try UKG.fixture()
    let first = try fixture.repo.peoplesync(
      ["run-daily", "--drops", "/nonexistent", "--as-of", "2026-11-29"], environment: fixture.environment)
    #expect(first.status == 0, "\(first.transcript)")
    #expect(first.stdout.contains("ukgco/ukg: fetched from ukg"), "\(first.transcript)")
    #expect(first.stdout.contains("ukgco: sync as of 2026-11-29: committed"), "\(first.transcript)")

    fixture.api.route(UKG.people) { _, _ in HTTPResponse(status: 500, contentType: "text/plain", text: "down") }
    let second = try fixture.repo.peoplesync(
      ["run-daily", "--drops", "/nonexistent", "--as-of", "2026-11-30"], environment: fixture.environment)
    #expect(second.status == 8, "\(second.transcript)")
    #expect(second.stdout.contains("ukgco/ukg: fetch failed; the snapshot in force is kept"), "\(second.transcript)")
    #expect(second.stdout.contains("ukgco: sync as of 2026-11-30"), "\(second.transcript)")
  }
}
