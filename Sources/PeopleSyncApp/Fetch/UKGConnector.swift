import Foundation
import HTTPClient
import PeopleSyncCore

/// UKG Pro's REST API: `person-details` (names, email) joined with `employment-details` (job,
/// dates, status, supervisor) on company and employee id, whichever casing each endpoint uses.
/// Both are read page by page (`page`, `per_Page`) until an empty or short page; a fetch stops
/// with an error past `maxPages` or when the server sends the same page twice (a server that
/// ignores `page` would otherwise be read forever).
struct UKGConnector {
  let transport: FetchTransport
  let api: APISource

  func fetch(into normalizer: inout WorkerNormalizer) throws {
    // Kept as compact JSON text until joined: a parsed object costs several times its text.
    var people: [String: String] = [:]
    try pages(api.personDetailsPath) { record, _ in
      guard let object = record.objectValue, let key = Self.joinKey(object) else { return }
      people[key] = JSONWriter.compact(record)
    }
    var joined = Set<String>()
    try pages(api.employmentDetailsPath) { record, origin in
      guard var merged = record.objectValue else { return }
      if let key = Self.joinKey(merged), let text = people[key], let person = (try? JSONParser.parse(text))?.objectValue {
        joined.insert(key)
        // Person fields first, then employment fields it lacks: one record per worker.
        var combined = person
        for member in merged.members where combined[member.key] == nil { combined[member.key] = member.value }
        merged = combined
      }
      normalizer.add(.object(merged), origin: origin)
    }
    let unmatched = people.count - joined.count
    if unmatched > 0 {
      transport.notes(
        "\(transport.label): \(unmatched) people in person-details have no employment-details record; they are not in the snapshot")
    }
  }

  /// Reads every page of `path`, handing each record and where it was to `body`.
  private func pages(_ path: String, _ body: (JSONValue, String) throws -> Void) throws {
    let endpoint = (path as NSString).lastPathComponent
    var previous: [UInt8]?
    for page in 1...(api.maxPages + 1) {
      guard page <= api.maxPages else {
        throw transport.failure("\(endpoint): more than \(api.maxPages) pages (maxPages); nothing was committed")
      }
      let url = api.url.trimmingSuffix("/") + path + "?page=\(page)&per_Page=\(api.perPage)"
      let what = "\(endpoint) page \(page)"
      let bytes = try transport.get(ClientRequest(url: url, headers: headers(), timeout: Double(api.timeoutSeconds)), what: what)
      let records: [JSONValue]
      do {
        guard let array = try JSONParser.parse(bytes).arrayValue else {
          throw transport.failure("\(what) is not a JSON array; nothing was committed")
        }
        records = array
      } catch let error as JSONSyntaxError {
        throw transport.failure("\(what) is not valid JSON (\(error)); nothing was committed")
      }
      if records.isEmpty { return }
      if previous == bytes {
        throw transport.failure("\(what) repeats page \(page - 1): the server seems to ignore paging; nothing was committed")
      }
      previous = bytes
      for (index, record) in records.enumerated() { try body(record, "\(what) item \(index + 1)") }
      if records.count < api.perPage { return }
    }
  }

  private func headers() -> [(name: String, value: String)] {
    var headers: [(name: String, value: String)] = [("Accept", "application/json")]
    if case .basic(let username, let password, let apiKey) = api.auth {
      headers.append(("Authorization", transport.credentials.basic(username, password)))
      if let apiKey { headers.append(("US-Customer-Api-Key", transport.credentials.value(apiKey))) }
    }
    return headers + ExtraHeaders.resolve(api, transport.credentials)
  }

  /// Company and employee id, from `companyID`/`companyId` and `employeeID`/`employeeId`.
  static func joinKey(_ record: JSONObject) -> String? {
    guard let employee = SourcePath.member(record, "employeeId").flatMap(text) else { return nil }
    return (SourcePath.member(record, "companyId").flatMap(text) ?? "") + "\u{1F}" + employee
  }

  /// Ids arrive as strings or numbers.
  private static func text(_ value: JSONValue) -> String? {
    switch value {
    case .string(let text): text
    case .number(let text): text
    default: nil
    }
  }
}

extension String {
  func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
