import Foundation
import TestSupport
import Testing

/// A tenant's configuration names only its own secrets, and only `fetch` ever talks to an HR system.
@Suite("secrets stay with their tenant")
struct FetchSecretsTests {
  static let masterKey = String(repeating: "5a", count: 32)

  @Test(
    "a configuration naming the master key or another tenant's secret is refused by validate (with its JSON path) and fetch sends nothing",
    arguments: [
      (#""passwordEnv": "WDCO__WORKDAY_PASSWORD""#, #""passwordEnv": "PEOPLESYNC_MASTER_KEY""#, "$.sources[0].auth.passwordEnv"),
      (#""passwordEnv": "WDCO__WORKDAY_PASSWORD""#, #""passwordEnv": "GLOBEX__WORKDAY_PASSWORD""#, "$.sources[0].auth.passwordEnv"),
      (#""fields": {"#, #""headers": { "X-Leak": { "env": "PEOPLESYNC_MASTER_KEY" } }, "fields": {"#, "$.sources[0].headers['X-Leak'].env"),
    ])
  func outsideTheNamespace(original: String, replacement: String, path: String) throws {
    let fixture = try Workday.fixture { $0 = $0.replacingOccurrences(of: original, with: replacement) }
    let environment = Workday.credentials.merging(["PEOPLESYNC_MASTER_KEY": Self.masterKey, "GLOBEX__WORKDAY_PASSWORD": "globex-secret"]) {
      $1
    }
    let validate = try fixture.repo.peoplesync(["validate", "--format", "json"], environment: environment)
    #expect(validate.status == 3, "\(validate.transcript)")
    let diagnostics = try #require(try json(validate.stdout)["diagnostics"] as? [[String: Any]], "\(validate.transcript)")
    let refused = diagnostics.filter { $0["code"] as? String == "config.secret-namespace" }
    #expect(refused.compactMap { $0["jsonPath"] as? String } == [path], "\(validate.transcript)")
    #expect(validate.stdout.contains("WDCO__"), "the message names the tenant's namespace: \(validate.stdout)")

    let fetch = try fixture.fetch(environment: environment)
    #expect(fetch.status == 3, "\(fetch.transcript)")
    #expect(fixture.api.requests.isEmpty, "a request went out: \(fixture.api.requests.map(\.path))")
    #expect(!fetch.transcript.contains(Self.masterKey) && !fetch.transcript.contains("globex-secret"))
  }

  @Test("validate, plan and a pull-request preview of an API tenant never contact the HR system")
  func previewsStayOffline() throws {
    let fixture = try Workday.fixture()
    #expect(try fixture.fetch().status == 0)
    let fetched = fixture.api.requests.count
    #expect(fetched > 0)
    try fixture.repo.expectRun(["sync", "--as-of", "2026-11-29"])
    let base = try fixture.repo.head()
    // A pull request that points the source elsewhere and adds a header.
    let config = try #require(try fixture.repo.show("HEAD", "tenants/wdco/tenant.json"))
    try fixture.repo.write(
      "tenants/wdco/tenant.json", config.replacingOccurrences(of: #""fields": {"#, with: #""headers": { "X-Tenant": "wdco" }, "fields": {"#)
    )
    let head = try fixture.repo.commitAll("Add a header")
    for command in [
      ["validate"], ["plan", "--as-of", "2026-11-30"], ["plan", "--base", base, "--head", head, "--as-of", "2026-11-30"],
      ["upcoming", "--days", "30", "--as-of", "2026-11-30"],
    ] {
      let result = try fixture.repo.peoplesync(command, environment: fixture.environment)
      // 3: the recorded report holds a row with a bad date, which these report as they read it.
      #expect([0, 1, 3].contains(result.status), "\(command): \(result.transcript)")
      #expect(result.stdout.contains("wdco") || result.stdout.contains("no changes"), "\(command): \(result.transcript)")
    }
    #expect(fixture.api.requests.count == fetched, "requests after the fetch: \(fixture.api.requests.dropFirst(fetched).map(\.path))")
  }
}
