import Foundation
import HTTPServer
import TestSupport
import Testing

/// `peoplesync fetch` against a Workday report served on 127.0.0.1 from recorded payloads.
@Suite("Workday fetch end to end")
struct WorkdayFetchTests {
  @Test("the report's shapes become the snapshot, and sync gives the expected directory (golden files)")
  func reportToDirectory() throws {
    let fixture = try Workday.fixture()
    let fetched = try fixture.fetch()
    #expect(fetched.status == 0, "\(fetched.transcript)")
    // Eight rows, seven workers: 200006 is listed twice and merged.
    #expect(
      fetched.stdout.contains("8 records, 7 workers, 1 row merged into an earlier one, 1 rehired;"), "\(fetched.transcript)")
    // A hire date in no configured format is reported with the record it came from, and left blank.
    #expect(fetched.stdout.contains("Report_Entry[7]: '31/02/2024' matches none of the date formats"), "\(fetched.transcript)")
    #expect(fetched.stdout.contains("workday.csv:8: warning: Hire Date: '31/02/2024' is not a date in YYYY-MM-DD form; left blank"))
    #expect(fetched.stdout.contains("manager id '999999' of worker 200007 is not in the source"), "\(fetched.transcript)")

    let request = try #require(fixture.api.requests(to: Workday.path).first)
    #expect(request.queryValue("format") == "json")
    #expect(request.queryValue("Include_Terminated_Workers") == "1")
    #expect(request.queryValue("Effective_as_of_Date") == "2026-11-29")

    try FetchFixture.expectGolden(try #require(try fixture.snapshot()), "workday-report.snapshot.csv")
    let log = try fixture.repo.git(["log", "-1", "--format=%B"]).stdout
    #expect(log.hasPrefix("fetch wdco/workday: 7 workers from workday"), "\(log)")

    try fixture.repo.expectRun(["sync", "--as-of", "2026-11-29"])
    try FetchFixture.expectGolden(try fixture.directoryText(), "workday-report.directory.txt")
    #expect(try fixture.repo.git(["fsck", "--strict"]).status == 0)

    // The same report again commits nothing.
    let head = try fixture.repo.head()
    let again = try fixture.fetch()
    #expect(again.status == 0 && again.stdout.contains("unchanged, nothing committed"), "\(again.transcript)")
    #expect(try fixture.repo.head() == head)
  }

  @Test("the shared example report, fetched and synced (golden files)")
  func sharedExample() throws {
    let fixture = try Workday.fixture(report: "examples/workday_raas_workers.json")
    try #require(try fixture.fetch().status == 0)
    try FetchFixture.expectGolden(try #require(try fixture.snapshot()), "workday-example.snapshot.csv")
    try fixture.repo.expectRun(["sync", "--as-of", "2026-11-29"])
    try FetchFixture.expectGolden(try fixture.directoryText(), "workday-example.directory.txt")
  }

  @Test("OAuth 2 refresh token: the token is asked for first, then the report with the bearer token")
  func refreshToken() throws {
    let environment = ["WDCO__CLIENT_ID": "client-1", "WDCO__CLIENT_SECRET": "cl1ent-s3cret", "WDCO__REFRESH_TOKEN": "refresh-t0ken-abc"]
    let fixture = try Workday.fixture { config in
      config = config.replacingOccurrences(
        of: #"{ "method": "basic", "usernameEnv": "WDCO__WORKDAY_USER", "passwordEnv": "WDCO__WORKDAY_PASSWORD" }"#,
        with:
          #"{ "method": "oauth2-refresh-token", "tokenUrl": "http://127.0.0.1:\#(config.port)/ccx/oauth2/wdco/token", "clientIdEnv": "WDCO__CLIENT_ID", "clientSecretEnv": "WDCO__CLIENT_SECRET", "refreshTokenEnv": "WDCO__REFRESH_TOKEN" }"#
      )
    }
    let report = try RecordedAPI.fixture("workday/report.json")
    fixture.api.route("/ccx/oauth2/wdco/token") { request, _ in
      let form = String(decoding: request.body, as: UTF8.self)
      guard form.contains("grant_type=refresh_token"), form.contains("refresh_token=refresh-t0ken-abc"),
        form.contains("client_id=client-1"),
        form.contains("client_secret=cl1ent-s3cret")
      else { return HTTPResponse(status: 400, contentType: "application/json", text: #"{"error": "invalid_grant"}"#) }
      return RecordedAPI.json(#"{"access_token": "bearer-xyz", "token_type": "Bearer"}"#)
    }
    fixture.api.route(Workday.path) { request, _ in
      request.header("authorization") == "Bearer bearer-xyz"
        ? RecordedAPI.json(report) : HTTPResponse(status: 401, contentType: "text/plain", text: "no")
    }
    let result = try fixture.fetch(environment: environment)
    #expect(result.status == 0, "\(result.transcript)")
    #expect(fixture.api.requests.map(\.path) == ["/ccx/oauth2/wdco/token", Workday.path])
  }

  @Test("the Workday report is never written to a file: nothing is in the fetch's TMPDIR while the report is received, nor after")
  func reportStaysInMemory() throws {
    let scratch = try TemporaryDirectory()
    let fixture = try Workday.fixture()
    let report = try RecordedAPI.fixture("workday/report.json")
    let seen = NSLock()
    nonisolated(unsafe) var during: [String] = []
    fixture.api.route(Workday.path) { _, _ in
      // The fetch is waiting for this answer: what it has written meanwhile is there now.
      let names = (try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? []
      seen.withLock { during = names }
      return RecordedAPI.json(report)
    }
    let result = try fixture.fetch(environment: ["TMPDIR": scratch.path])
    #expect(result.status == 0, "\(result.transcript)")
    #expect(seen.withLock { during }.isEmpty, "written while the report was received: \(seen.withLock { during })")
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
  }

  @Test("a report that is not JSON, or has no Report_Entry, fails the fetch and commits nothing")
  func brokenReport() throws {
    for body in [#"{"Report_Entry": [ {"Employee_ID": "1"}, "#, #"{"Report_Data": []}"#, "<html>maintenance</html>"] {
      let fixture = try Workday.fixture()
      fixture.api.route(Workday.path) { _, _ in RecordedAPI.json(body) }
      let head = try fixture.repo.head()
      let result = try fixture.fetch()
      #expect(result.status == 8, "\(result.transcript)")
      #expect(result.stderr.contains("nothing was committed"), "\(result.transcript)")
      #expect(try fixture.repo.head() == head)
    }
  }
}

extension String {
  /// The port a fixture config's URLs name.
  var port: String {
    guard let range = range(of: "127.0.0.1:") else { return "" }
    return String(self[range.upperBound...].prefix { $0.isNumber })
  }
}
