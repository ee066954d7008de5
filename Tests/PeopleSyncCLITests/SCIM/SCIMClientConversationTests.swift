import Foundation
import PeopleSyncCore
import TestSupport
import Testing

/// The request sequences Okta, OneLogin and Entra ID send (`Tests/Fixtures/scim/*.json`, from
/// `docs/scim-clients.md`), replayed over HTTP against the real server, with every answer checked.
@Suite("SCIM client conversations")
struct SCIMClientConversationTests {
  @Test("replayed against the real server", arguments: ["okta", "onelogin", "entra"])
  func replay(_ client: String) throws {
    let server = try SCIMServer()
    defer { server.stop() }
    let fixture = try JSONParser.parse(Array(try Data(contentsOf: Paths.fixture("scim/\(client).json"))))
    let http = server.client("scimco")
    let headers = (fixture.objectValue?["headers"]?.objectValue?.members ?? []).reduce(into: [String: String]()) {
      $0[$1.key] = $1.value.stringValue
    }
    var captured: [String: String] = [:]
    func fill(_ text: String) -> String {
      captured.reduce(text) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }
    for (index, step) in (fixture.objectValue?["steps"]?.arrayValue ?? []).enumerated() {
      let object = try #require(step.objectValue)
      let label = "\(client) step \(index + 1) (\(object["name"]?.stringValue ?? object["method"]?.stringValue ?? ""))"
      let body = object["body"].map { fill(JSONWriter.pretty($0)) }
      let response = try http.send(
        object["method"]!.stringValue!, fill(object["path"]!.stringValue!), body: body,
        contentType: object["contentType"]?.stringValue ?? "application/scim+json", headers: headers)
      let expect = object["expect"]?.objectValue ?? JSONObject()
      #expect(response.status == expect["status"]?.intValue, "\(label): \(response.status) \(response.body.prefix(400))")
      if let type = expect["contentType"]?.stringValue { #expect(response.header("Content-Type")?.hasPrefix(type) == true, "\(label)") }
      for (name, value) in expect["header"]?.objectValue?.members ?? [] {
        #expect(response.header(name)?.contains(value.stringValue ?? "") == true, "\(label): header \(name)")
      }
      let document = response.body.isEmpty ? JSONValue.null : try JSONParser.parse(response.body)
      for (path, wanted) in expect["json"]?.objectValue?.members ?? [] {
        let want = wanted.stringValue.map { JSONValue.string(fill($0)) } ?? wanted
        #expect(Self.lookup(document, path) == want, "\(label): \(path) is \(String(describing: Self.lookup(document, path)))")
      }
      for path in expect["absent"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
        #expect(Self.lookup(document, path) == nil, "\(label): \(path) should be absent")
      }
      for (name, path) in expect["capture"]?.objectValue?.members ?? [] {
        captured[name] = Self.lookup(document, path.stringValue ?? "")?.stringValue
        #expect(captured[name] != nil, "\(label): nothing to capture at \(path)")
      }
    }
    // What the conversation stored never includes a password.
    #expect(try server.repository.git(["grep", "-i", "password", "main", "--", "tenants/scimco/sources"], check: false).stdout.isEmpty)
    server.stop()
    try server.repository.git(["fsck", "--strict", "--no-progress"])
  }

  /// A value by dotted path; keys may themselves hold dots (URNs), so the longest matching key wins.
  static func lookup(_ value: JSONValue, _ path: String) -> JSONValue? {
    if path.isEmpty { return value }
    switch value {
    case .object(let object):
      let key = object.keys.filter { path == $0 || path.hasPrefix($0 + ".") }.max { $0.count < $1.count }
      guard let key, let inner = object[key] else { return nil }
      return lookup(inner, String(path.dropFirst(min(path.count, key.count + 1))))
    case .array(let items):
      let head = path.prefix { $0 != "." }
      guard let index = Int(head), items.indices.contains(index) else { return nil }
      return lookup(items[index], String(path.dropFirst(min(path.count, head.count + 1))))
    default:
      return nil
    }
  }
}
