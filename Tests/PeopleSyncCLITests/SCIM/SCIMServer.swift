import Foundation
import TestSupport

/// `peoplesync serve` on a real repository: tenants `scimco` and `otherco` (SCIM, stored plain) and
/// `sealedco` (SCIM, encrypted), a token for each, the server on a free port of 127.0.0.1.
final class SCIMServer: @unchecked Sendable {
  let repository: TemporaryRepository
  var tokens: [String: String] = [:]
  private(set) var process: ServerProcess?
  private(set) var port = 0

  static func tenant(_ name: String, encrypted: Bool = false) -> String {
    #"{ "$schema": "../../schemas/tenant.schema.json", "displayName": "\#(name)", "timeZone": "UTC", "encryption": { "enabled": \#(encrypted) }, "sources": [{ "name": "idp", "kind": "scim" }] }"#
  }

  init(start: Bool = true) throws {
    repository = try TemporaryRepository()
    try repository.copyFolder(Paths.packageRoot.appendingPathComponent("schemas"), to: "schemas")
    try repository.write("tenants/scimco/tenant.json", Self.tenant("SCIM Co"))
    try repository.write("tenants/otherco/tenant.json", Self.tenant("Other Co"))
    try repository.write("tenants/sealedco/tenant.json", Self.tenant("Sealed Co", encrypted: true))
    // A daily CSV feed and SCIM together.
    try repository.write(
      "tenants/mixedco/tenant.json",
      #"{ "displayName": "Mixed Co", "timeZone": "UTC", "encryption": { "enabled": false }, "locations": ["Springfield", "Cypress Creek"], "sources": [{ "name": "hr", "kind": "csv" }, { "name": "idp", "kind": "scim" }] }"#
    )
    try repository.commitAll("Add SCIM tenants")
    for tenant in ["scimco", "otherco", "sealedco", "mixedco"] {
      let minted = try repository.peoplesync(["scim-token", "--tenant", tenant])
      guard minted.status == 0 else { throw TestFailure("scim-token: \(minted.transcript)") }
      tokens[tenant] = minted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    if start { try self.start() }
  }

  /// Starts the server; with a `wrapper` (`strace … -o FILE`), the server runs under it.
  func start(extra: [String] = [], environment: [String: String] = [:], wrapper: [String] = []) throws {
    let process = try ServerProcess(
      wrapper + [Paths.peoplesync, "serve", "--repo", repository.path, "--port", "0", "--max-body", "200000"] + extra,
      folder: repository.folder.path, environment: repository.environment.merging(environment) { $1 })
    wrapped = !wrapper.isEmpty
    let line = try process.waitForLine(containing: "listening on")
    guard let range = line.range(of: #":(\d+)/"#, options: .regularExpression), let port = Int(line[range].dropFirst().dropLast()) else {
      throw TestFailure("no port in '\(line)'")
    }
    self.port = port
    self.process = process
  }

  func client(_ tenant: String, token: String? = nil) -> HTTPTestClient {
    HTTPTestClient(base: "http://127.0.0.1:\(port)/scim/v2/\(tenant)", token: token ?? tokens[tenant])
  }

  private var wrapped = false

  /// Stops the server with SIGTERM (under a wrapper, the server itself, and then the wrapper ends).
  func stop() {
    guard let process else { return }
    if wrapped, process.isRunning,
      let children = try? String(contentsOfFile: "/proc/\(process.pid)/task/\(process.pid)/children", encoding: .utf8)
    {
      for child in children.split(separator: " ").compactMap({ pid_t($0) }) { kill(child, SIGTERM) }
    }
    process.stop()
  }
}
