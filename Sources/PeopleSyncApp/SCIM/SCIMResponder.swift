import Foundation
import HTTPServer
import PeopleSyncCore

/// SCIM 2.0 over HTTP for every tenant with a SCIM source, under `/scim/v2/<tenant>/`: routing,
/// bearer-token authentication, content types and error documents. The resources themselves are
/// handled by `SCIMResources`; the transport knows nothing of this.
package struct SCIMResponder: HTTPResponder {
  let store: SCIMStore
  let baseURL: SCIMBaseURL
  /// Hears what went wrong inside: the client only learns that something did.
  let log: @Sendable (String) -> Void

  package init(store: SCIMStore, baseURL: SCIMBaseURL, log: @escaping @Sendable (String) -> Void = { _ in }) {
    self.store = store
    self.baseURL = baseURL
    self.log = log
  }

  /// The answer to a failure inside the server. Its detail stays in the server's log: it names
  /// keystore paths, key ids and files, which are nobody's business on the network.
  static let unavailable = SCIMError(
    status: 503, detail: "the server cannot complete this request now; nothing was changed, try again later")
  static let broken = SCIMError(status: 500, detail: "the server cannot serve this tenant now; its operator can see why in its log")
  /// The one answer to a request without a valid token, whether its tenant exists or not.
  static let unauthorized = SCIMError.unauthorized("a valid bearer token for this tenant is required (Authorization: Bearer <token>)")

  package func respond(to request: HTTPRequest) -> HTTPResponse {
    do {
      return try route(request)
    } catch let error as SCIMError {
      return Self.error(error, request)
    } catch {
      // A failed commit (the write was not acknowledged, and the client may retry), or the tokens
      // could not be read again after the branch moved (nothing is served on stale tokens).
      log("peoplesync serve: \(request.method) \(request.path): \(error)")
      return Self.error(Self.unavailable, request)
    }
  }

  private func route(_ request: HTTPRequest) throws -> HTTPResponse {
    let parts = request.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard parts.count >= 4, parts[0].isEmpty, parts[1] == "scim", parts[2] == "v2" else {
      throw SCIMError.notFound("no such endpoint: the SCIM API is under /scim/v2/<tenant>/")
    }
    let tenantID = parts[3]
    var rest = Array(parts.dropFirst(4))
    if rest.last == "" { rest.removeLast() }
    guard tenantID != ".", tenantID != "..", rest.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
      throw SCIMError.notFound("no such endpoint")
    }
    // What other processes changed (a revoked token, an erased user) counts from this request on.
    try store.catchUp()
    // The token first: an unknown tenant answers as a wrong token does, and neither loads anything.
    guard let token = Self.bearerToken(request), store.accepts(token, tenant: tenantID) else { throw Self.unauthorized }
    let found: SCIMStore.Tenant?
    do { found = try store.tenant(tenantID) } catch let error as SCIMError { throw error } catch {
      // Missing or wrong keys, say: nothing is served or stored until the operator fixes them.
      log("peoplesync serve: tenant \(tenantID) cannot be opened: \(error)")
      throw Self.broken
    }
    guard let tenant = found else { throw SCIMError.notFound("this tenant has no SCIM source") }
    let base = baseURL.tenant(tenantID)
    let resources = SCIMResources(store: store, tenant: tenant, baseURL: base)
    switch (rest.first, rest.count) {
    case ("ServiceProviderConfig", 1):
      try Self.onlyGet(request)
      return Self.json(200, SCIMDiscovery.serviceProviderConfig(baseURL: base), request)
    case ("ResourceTypes", 1), ("ResourceTypes", 2):
      try Self.onlyGet(request)
      return Self.json(200, try SCIMDiscovery.resourceTypes(baseURL: base, id: rest.dropFirst().first), request)
    case ("Schemas", 1), ("Schemas", 2):
      try Self.onlyGet(request)
      return Self.json(200, try SCIMDiscovery.schemas(baseURL: base, id: rest.dropFirst().first), request)
    case (".search", 1):
      guard request.method == "POST" else { throw SCIMError.methodNotAllowed("/.search takes POST") }
      return Self.json(200, try resources.search(nil, body: try Self.body(request)), request)
    case ("Users", _), ("Groups", _):
      let kind: SCIMStore.Kind = rest[0] == "Users" ? .users : .groups
      return try resource(kind, Array(rest.dropFirst()), request, resources)
    default:
      throw SCIMError.notFound("no such endpoint: \(request.path)")
    }
  }

  private func resource(_ kind: SCIMStore.Kind, _ rest: [String], _ request: HTTPRequest, _ resources: SCIMResources) throws -> HTTPResponse
  {
    let attributes = Self.list(request.queryValue("attributes"))
    let excluded = Self.list(request.queryValue("excludedAttributes"))
    switch (rest.first, request.method) {
    case (nil, "GET"):
      let page = try SCIMResources.Page(startIndex: request.queryValue("startIndex"), count: request.queryValue("count"))
      let list = try resources.list(
        kind, filter: request.queryValue("filter"), page: page, attributes: attributes, excludedAttributes: excluded)
      return Self.json(200, list, request)
    case (nil, "POST"):
      let created = try resources.create(kind, body: try Self.body(request))
      var response = Self.json(
        201, resources.view(kind, created, attributes: attributes, excludedAttributes: excluded, created: true), request)
      response.headers += [("Location", resources.location(kind, created)), ("ETag", SCIMResources.version(of: created))]
      return response
    case (".search", "POST") where rest.count == 1:
      return Self.json(200, try resources.search(kind, body: try Self.body(request)), request)
    case (let id?, let method) where rest.count == 1:
      let ifMatch = request.header("If-Match")
      let result: JSONValue?
      switch method {
      case "GET": result = try resources.get(kind, id)
      case "PUT": result = try resources.replace(kind, id, body: try Self.body(request), ifMatch: ifMatch)
      case "PATCH": result = try resources.patch(kind, id, body: try Self.body(request), ifMatch: ifMatch)
      case "DELETE":
        try resources.delete(kind, id, ifMatch: ifMatch)
        result = nil
      default: throw SCIMError.methodNotAllowed("\(method) is not supported on a \(kind == .users ? "User" : "Group")")
      }
      guard let result else { return HTTPResponse(status: 204) }
      if let tag = request.header("If-None-Match"), method == "GET", tag == SCIMResources.version(of: result) {
        return HTTPResponse(status: 304, headers: [("ETag", tag)])
      }
      var response = Self.json(200, resources.view(kind, result, attributes: attributes, excludedAttributes: excluded), request)
      response.headers.append(("ETag", SCIMResources.version(of: result)))
      return response
    case (nil, let method):
      throw SCIMError.methodNotAllowed("\(method) is not supported on /\(kind.rawValue)")
    default:
      throw SCIMError.notFound("no such endpoint: \(request.path)")
    }
  }

  static func bearerToken(_ request: HTTPRequest) -> String? {
    guard let value = request.header("Authorization") else { return nil }
    let parts = value.split(separator: " ", maxSplits: 1)
    guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
    return trimmed(parts[1])
  }

  /// Without spaces and tabs at either end. By hand: Foundation's trimming goes through NSString,
  /// a few percent of a request's time.
  static func trimmed(_ text: Substring) -> String {
    let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    let start = text.drop(while: blank)
    return String(start[..<(start.lastIndex { !blank($0) }.map(start.index(after:)) ?? start.startIndex)])
  }

  static func onlyGet(_ request: HTTPRequest) throws {
    guard request.method == "GET" else { throw SCIMError.methodNotAllowed("this endpoint is read-only: \(request.method) is not allowed") }
  }

  /// The request's JSON body; SCIM's own media type and plain JSON are both accepted.
  static func body(_ request: HTTPRequest) throws -> JSONValue {
    let type = (request.header("Content-Type") ?? "").split(separator: ";").first.map { trimmed($0).lowercased() } ?? ""
    guard type == "application/scim+json" || type == "application/json" else {
      throw SCIMError(
        status: 415, scimType: "invalidSyntax", detail: "the body must be application/scim+json or application/json, not '\(type)'")
    }
    do {
      return try JSONParser.parse(request.body)
    } catch {
      throw SCIMError.invalidSyntax("the body is not valid JSON: \(error)")
    }
  }

  static func list(_ text: String?) -> [String]? {
    text.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
  }

  /// SCIM's media type, unless the client asked for plain JSON only.
  static func contentType(_ request: HTTPRequest) -> String {
    guard let accept = request.header("Accept")?.utf8, !accept.isEmpty else { return "application/scim+json; charset=utf-8" }
    // Bytes, not Foundation's `contains` (which goes through NSString on every request).
    let haystack = Array(accept)
    func has(_ text: String) -> Bool {
      let needle = Array(text.utf8)
      return haystack.count >= needle.count
        && (0...(haystack.count - needle.count)).contains { haystack[$0..<$0 + needle.count].elementsEqual(needle) }
    }
    return has("application/json") && !has("scim+json") && !has("*/*")
      ? "application/json; charset=utf-8" : "application/scim+json; charset=utf-8"
  }

  static func json(_ status: Int, _ value: JSONValue, _ request: HTTPRequest) -> HTTPResponse {
    HTTPResponse(status: status, contentType: contentType(request), text: JSONWriter.pretty(value))
  }

  static func error(_ error: SCIMError, _ request: HTTPRequest) -> HTTPResponse {
    var response = json(error.status, error.body, request)
    if error.status == 401 { response.headers.append(("WWW-Authenticate", "Bearer realm=\"SCIM\"")) }
    return response
  }
}
