import Foundation
import HTTPClient
import PeopleSyncCore
import PeopleSyncCrypto

/// Workday Report-as-a-Service: one `customreport2` request with `format=json`, the report's
/// prompts as query parameters. The report arrives whole (RaaS does not page) and is kept in
/// memory, never in a file, then read one `Report_Entry` at a time, so it is never parsed into
/// one document.
struct WorkdayConnector {
  let transport: FetchTransport
  let api: APISource

  func fetch(into normalizer: inout WorkerNormalizer) throws {
    let authorization = try authorizationHeader()
    var url = api.url + (api.url.contains("?") ? "&" : "?") + "format=json"
    for prompt in api.prompts { url += "&\(Self.encode(prompt.name))=\(Self.encode(prompt.value))" }
    var headers = [(name: "Authorization", value: authorization), (name: "Accept", value: "application/json")]
    headers += ExtraHeaders.resolve(api, transport.credentials)
    let request = ClientRequest(url: url, headers: headers, timeout: Double(api.timeoutSeconds))

    // Held in memory only: a file would outlive a killed fetch with every worker's name in it.
    var report = try transport.get(request, what: "the report")
    defer { report.withUnsafeMutableBytes { Crypto.wipe($0) } }
    try report.withUnsafeBytes { bytes in
      do {
        try JSONArrayScanner.elements(of: bytes, member: "Report_Entry") { element, index in
          let record: JSONValue
          do {
            record = try JSONParser.parse(Array(element))
          } catch {
            throw transport.failure("Report_Entry[\(index)] is not valid JSON (\(error)); nothing was committed")
          }
          guard case .object = record else {
            throw transport.failure("Report_Entry[\(index)] is \(record.typeName), not an object; nothing was committed")
          }
          normalizer.add(record, origin: "Report_Entry[\(index)]")
        }
      } catch let failure as JSONArrayScanner.Failure {
        throw transport.failure("the report: \(failure); nothing was committed")
      }
    }
  }

  /// Basic with the integration system user, or a bearer token fresh from the refresh token.
  private func authorizationHeader() throws -> String {
    switch api.auth {
    case .basic(let username, let password, _):
      return transport.credentials.basic(username, password)
    case .refreshToken(let tokenUrl, let clientId, let clientSecret, let refreshToken):
      let credentials = transport.credentials
      let form = [
        ("grant_type", "refresh_token"), ("refresh_token", credentials.value(refreshToken)),
        ("client_id", credentials.value(clientId)), ("client_secret", credentials.value(clientSecret)),
      ].map { "\($0)=\(Self.encode($1))" }.joined(separator: "&")
      let request = ClientRequest(
        method: "POST", url: tokenUrl,
        headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
        body: Array(form.utf8), timeout: Double(api.timeoutSeconds))
      let body = try transport.get(request, what: "the OAuth token request")
      guard let token = (try? JSONParser.parse(body))?.objectValue?["access_token"]?.stringValue, !token.isEmpty else {
        throw transport.failure("the OAuth token response has no access_token")
      }
      return "Bearer \(token)"
    }
  }

  /// Percent-encoding for a query component.
  static func encode(_ text: String) -> String {
    let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$'()*,;:@/")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
  }
}

/// The extra headers a source configures, with values from the environment where named.
enum ExtraHeaders {
  static func resolve(_ api: APISource, _ credentials: Credentials) -> [(name: String, value: String)] {
    api.headers.map { header in (header.name, header.value ?? header.secret.map(credentials.value) ?? "") }
  }
}
