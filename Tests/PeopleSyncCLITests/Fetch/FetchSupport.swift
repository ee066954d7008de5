import Foundation
import HTTPServer
import TestSupport
import Testing

/// A state repository with one tenant whose API source points at a `RecordedAPI`.
struct FetchFixture {
  let repo: TemporaryRepository
  let api: RecordedAPI
  let tenant: String
  let environment: [String: String]

  /// `config` is a tenant.json whose URLs say `127.0.0.1:PORT`; `edit` may change it first.
  init(
    tenant: String, config: String, environment: [String: String], tls: (certificate: String, key: String)? = nil,
    edit: (inout String) -> Void = { _ in }
  ) throws {
    api = try RecordedAPI(tls: tls)
    repo = try TemporaryRepository()
    self.tenant = tenant
    self.environment = environment
    var text = try String(contentsOf: Paths.fixture(config), encoding: .utf8).replacingOccurrences(of: "PORT", with: String(api.port))
    edit(&text)
    try repo.write("tenants/\(tenant)/tenant.json", text)
    _ = try repo.commitAll("Configure \(tenant)")
  }

  func fetch(_ extra: [String] = [], environment more: [String: String] = [:]) throws -> ProcessResult {
    try repo.peoplesync(["fetch", "--tenant", tenant] + extra, environment: environment.merging(more) { $1 })
  }

  var snapshotPath: String { "tenants/\(tenant)/sources/\(tenant == "wdco" ? "workday" : "ukg").csv" }

  func snapshot() throws -> String? { try repo.show("HEAD", snapshotPath) }

  /// Every directory entry at HEAD, path then content, in path order: a readable record of the directory.
  func directoryText() throws -> String {
    let paths = try repo.git(["ls-tree", "-r", "--name-only", "HEAD", "tenants/\(tenant)/directory"]).stdout.split(separator: "\n")
    return try paths.map { path in "== \(path)\n" + (try repo.show("HEAD", String(path)) ?? "") }.joined()
  }

  /// Compares `actual` with a golden file under `Tests/Fixtures/hris/golden/`; `RECORD_SNAPSHOTS=1` rewrites it.
  static func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let golden = Paths.fixture("hris/golden/\(name)")
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
      try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
      try actual.write(to: golden, atomically: true, encoding: .utf8)
    }
    #expect(
      actual == (try? String(contentsOf: golden, encoding: .utf8)), "\(name): run with RECORD_SNAPSHOTS=1 after an intended change",
      sourceLocation: sourceLocation)
  }
}

enum Workday {
  static let path = "/ccx/service/customreport2/wdco/ISU_PeopleSync/PeopleSync_Workers"
  static let credentials = ["WDCO__WORKDAY_USER": "ISU_PeopleSync@wdco", "WDCO__WORKDAY_PASSWORD": "w0rkday-s3cret!"]

  /// The Workday fixture tenant, its report served behind Basic auth.
  static func fixture(
    report: String = "workday/report.json", tls: (certificate: String, key: String)? = nil, edit: (inout String) -> Void = { _ in }
  ) throws -> FetchFixture {
    let fixture = try FetchFixture(tenant: "wdco", config: "hris/workday/tenant.json", environment: credentials, tls: tls, edit: edit)
    let body = try RecordedAPI.fixture(report)
    fixture.api.route(path) { request, _ in
      let (user, password) = (credentials["WDCO__WORKDAY_USER"]!, credentials["WDCO__WORKDAY_PASSWORD"]!)
      return RecordedAPI.requireBasic(user, password, request) ?? RecordedAPI.json(body)
    }
    return fixture
  }
}

enum UKG {
  static let people = "/personnel/v1/person-details"
  static let employment = "/personnel/v1/employment-details"
  static let credentials = ["UKGCO__USER": "svc-peoplesync", "UKGCO__PASSWORD": "ukg-p4ss-word", "UKGCO__API_KEY": "K3Y-0123456789"]

  /// The UKG fixture tenant: both endpoints paged, behind Basic auth and the customer API key.
  /// With `swapCasing`, each endpoint uses the other's key casing.
  static func fixture(swapCasing: Bool = false, edit: (inout String) -> Void = { _ in }) throws -> FetchFixture {
    let fixture = try FetchFixture(tenant: "ukgco", config: "hris/ukg/tenant.json", environment: credentials, edit: edit)
    var people = try RecordedAPI.fixtureArray("ukg/person-details.json")
    var jobs = try RecordedAPI.fixtureArray("ukg/employment-details.json")
    if swapCasing {
      people = people.map { recase($0, ["employeeId": "employeeID", "companyId": "companyID"]) }
      jobs = jobs.map { recase($0, ["employeeID": "employeeId", "companyID": "companyId"]) }
    }
    for (path, records) in [(UKG.people, people), (UKG.employment, jobs)] {
      let records = try RecordedAPI.encoded(records)
      fixture.api.route(path) { request, _ in
        if let refused = RecordedAPI.requireBasic(credentials["UKGCO__USER"]!, credentials["UKGCO__PASSWORD"]!, request) { return refused }
        guard request.header("us-customer-api-key") == credentials["UKGCO__API_KEY"] else {
          return HTTPResponse(status: 401, contentType: "text/plain", text: "missing or wrong US-Customer-Api-Key")
        }
        return RecordedAPI.page(of: records, request)
      }
    }
    return fixture
  }

  static func recase(_ record: Any, _ renames: [String: String]) -> Any {
    guard var object = record as? [String: Any] else { return record }
    for (old, new) in renames {
      if let value = object.removeValue(forKey: old) { object[new] = value }
    }
    return object
  }
}
