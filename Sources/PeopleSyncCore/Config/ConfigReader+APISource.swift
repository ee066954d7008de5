/// Reading the settings of `workday` and `ukg` sources.
extension ConfigReader {
  static func apiSourceKeys(_ kind: SourceKind) -> [String] {
    let common = [
      "name", "kind", "auth", "headers", "fields", "workerId", "customFields", "status", "dateFormats", "timeoutSeconds",
      "runTimeoutSeconds", "retry",
    ]
    return kind == .workday
      ? common + ["reportUrl", "prompts"] : common + ["baseUrl", "perPage", "maxPages", "personDetailsPath", "employmentDetailsPath"]
  }

  mutating func apiSource(_ object: JSONObject, _ path: String, kind: SourceKind, customFields: [String]) -> APISource? {
    let urlKey = kind == .workday ? "reportUrl" : "baseUrl"
    guard let url = object[urlKey]?.stringValue, Self.isAllowedURL(url) else { return nil }
    var fields = APISource.defaultFields(kind)
    if let value = object["fields"], let map = self.object(value, "\(path).fields", required: [], allowed: APISource.fieldNames) {
      for member in map.members {
        if let mapping = mapping(member.value, JSONPathText.member("\(path).fields", member.key)) { fields[member.key] = mapping }
      }
    }
    var custom: [String: FieldMapping] = [:]
    if let value = object["customFields"], let map = self.object(value, "\(path).customFields", required: [], allowed: customFields) {
      for member in map.members {
        if let mapping = mapping(member.value, JSONPathText.member("\(path).customFields", member.key)) { custom[member.key] = mapping }
      }
    }
    guard let auth = object["auth"].flatMap({ self.auth($0, "\(path).auth", kind: kind) }) else { return nil }
    var source = APISource(
      url: url, auth: auth, fields: fields, workerId: APISource.defaultWorkerId(kind), customFields: custom,
      status: APISource.defaultStatus(kind), timeoutSeconds: kind == .workday ? 300 : 60)
    if let value = object["workerId"], let mapping = mapping(value, "\(path).workerId") { source.workerId = mapping }
    if let value = object["status"] { source.status = status(value, "\(path).status") }
    if let value = object["headers"] { source.headers = headers(value, "\(path).headers") }
    if let value = object["prompts"], let map = self.object(value, "\(path).prompts", required: [], allowed: value.objectValue?.keys ?? [])
    {
      source.prompts = map.members.compactMap { member in
        string(member.value, JSONPathText.member("\(path).prompts", member.key), nonEmpty: false).map { (member.key, $0) }
      }.sorted { $0.name < $1.name }
    }
    if let value = object["dateFormats"] { source.dateFormats = dateFormats(value, "\(path).dateFormats") ?? source.dateFormats }
    if let seconds = integer(object["timeoutSeconds"], "\(path).timeoutSeconds", range: 1...3_600) { source.timeoutSeconds = seconds }
    if let seconds = integer(object["runTimeoutSeconds"], "\(path).runTimeoutSeconds", range: 1...86_400) {
      source.runTimeoutSeconds = seconds
    }
    if let value = object["retry"],
      let retry = self.object(value, "\(path).retry", required: [], allowed: ["attempts", "initialDelayMs", "maxDelayMs"])
    {
      if let attempts = integer(retry["attempts"], "\(path).retry.attempts", range: 1...10) { source.retry.attempts = attempts }
      if let delay = integer(retry["initialDelayMs"], "\(path).retry.initialDelayMs", range: 0...60_000) {
        source.retry.initialDelayMs = delay
      }
      if let delay = integer(retry["maxDelayMs"], "\(path).retry.maxDelayMs", range: 0...600_000) { source.retry.maxDelayMs = delay }
    }
    if let pages = integer(object["perPage"], "\(path).perPage", range: 1...10_000) { source.perPage = pages }
    if let pages = integer(object["maxPages"], "\(path).maxPages", range: 1...1_000_000) { source.maxPages = pages }
    for (key, keyPath) in [
      ("personDetailsPath", \APISource.personDetailsPath), ("employmentDetailsPath", \APISource.employmentDetailsPath),
    ] {
      guard let text = string(object[key], "\(path).\(key)") else { continue }
      if text.hasPrefix("/"), !text.contains("?"), !text.contains("#") {
        source[keyPath: keyPath] = text
      } else {
        fail("\(path).\(key)", "config.pattern", "must be a path starting with '/' (no query)")
      }
    }
    return source
  }

  private mutating func mapping(_ value: JSONValue, _ path: String) -> FieldMapping? {
    var reader = FieldMappingReader()
    let mapping = reader.read(value, at: path)
    for problem in reader.problems { fail(problem.jsonPath, problem.code, problem.message) }
    return mapping
  }

  private mutating func secret(_ object: JSONObject, _ key: String, _ path: String) -> APISource.Secret? {
    guard let name = string(object[key], JSONPathText.member(path, key)) else { return nil }
    guard Self.isEnvironmentName(name) else {
      fail(
        JSONPathText.member(path, key), "config.pattern",
        "must name an environment variable (A-Z, 0-9, _), not hold the credential: credentials never go into git")
      return nil
    }
    guard Self.isSecret(name, of: tenant) else {
      let namespace = Self.secretNamespace(tenant)
      fail(
        JSONPathText.member(path, key), "config.secret-namespace",
        "must name one of this tenant's own variables, \(namespace)<NAME> (such as \(namespace)WORKDAY_PASSWORD): "
          + "a tenant's configuration never names the host's variables, the master key or another tenant's secrets")
      return nil
    }
    return APISource.Secret(variable: name)
  }

  /// The prefix of every environment variable tenant `tenant` may name: its id in capitals, '-'
  /// as '_', then "__". With the rest free of "__", no variable is in two tenants' namespaces.
  public static func secretNamespace(_ tenant: String) -> String {
    tenant.uppercased().replacingOccurrences(of: "-", with: "_") + "__"
  }

  /// True when `name` is in `tenant`'s namespace: the prefix, then capitals and digits in words
  /// joined by single underscores.
  public static func isSecret(_ name: String, of tenant: String) -> Bool {
    let namespace = secretNamespace(tenant)
    guard name.hasPrefix(namespace) else { return false }
    let rest = name.dropFirst(namespace.count)
    return !rest.isEmpty && !rest.hasPrefix("_") && !rest.hasSuffix("_") && !rest.contains("__")
      && rest.utf8.allSatisfy { (65...90).contains($0) || (48...57).contains($0) || $0 == 95 }
  }

  static func isEnvironmentName(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard let first = bytes.first, (65...90).contains(first) || first == 95 else { return false }
    return bytes.allSatisfy { (65...90).contains($0) || (48...57).contains($0) || $0 == 95 }
  }

  private mutating func auth(_ value: JSONValue, _ path: String, kind: SourceKind) -> APISource.Auth? {
    let method = value.objectValue?["method"]?.stringValue
    switch method {
    case "basic":
      let keys = ["method", "usernameEnv", "passwordEnv"] + (kind == .ukg ? ["apiKeyEnv"] : [])
      guard let object = object(value, path, required: keys, allowed: keys) else { return nil }
      let username = secret(object, "usernameEnv", path)
      let password = secret(object, "passwordEnv", path)
      let apiKey = kind == .ukg ? secret(object, "apiKeyEnv", path) : nil
      guard let username, let password, kind != .ukg || apiKey != nil else { return nil }
      return .basic(username: username, password: password, apiKey: apiKey)
    case "oauth2-refresh-token" where kind == .workday:
      let keys = ["method", "tokenUrl", "clientIdEnv", "clientSecretEnv", "refreshTokenEnv"]
      guard let object = object(value, path, required: keys, allowed: keys) else { return nil }
      let url = string(object["tokenUrl"], "\(path).tokenUrl")
      if let url, !Self.isAllowedURL(url) {
        fail("\(path).tokenUrl", "config.pattern", "must be an https:// URL (plain http only to 127.0.0.1, for tests)")
      }
      let clientId = secret(object, "clientIdEnv", path)
      let clientSecret = secret(object, "clientSecretEnv", path)
      let refreshToken = secret(object, "refreshTokenEnv", path)
      guard let url, Self.isAllowedURL(url), let clientId, let clientSecret, let refreshToken else { return nil }
      return .refreshToken(tokenUrl: url, clientId: clientId, clientSecret: clientSecret, refreshToken: refreshToken)
    default:
      let methods = kind == .workday ? "basic, oauth2-refresh-token" : "basic"
      if value.objectValue == nil {
        fail(path, "config.type", "expected an object, found \(value.typeName)")
      } else if method == nil {
        fail(path, "config.required", "'method' is required (one of: \(methods))")
      } else {
        fail("\(path).method", "config.enum", "must be one of: \(methods)")
      }
      return nil
    }
  }

  private mutating func status(_ value: JSONValue, _ path: String) -> APISource.Status? {
    guard let object = object(value, path, required: ["value", "terminated"], allowed: ["value", "terminated"]) else { return nil }
    let mapping = object["value"].flatMap { self.mapping($0, "\(path).value") }
    guard let codes = object["terminated"]?.arrayValue, !codes.isEmpty, codes.allSatisfy({ $0.stringValue != nil }) else {
      if object["terminated"] != nil { fail("\(path).terminated", "config.type", "expected a non-empty list of status codes (strings)") }
      return nil
    }
    guard let mapping else { return nil }
    return APISource.Status(value: mapping, terminated: Set(codes.compactMap(\.stringValue)))
  }

  private mutating func headers(_ value: JSONValue, _ path: String) -> [APISource.Header] {
    guard let object = value.objectValue else {
      fail(path, "config.type", "expected an object, found \(value.typeName)")
      return []
    }
    var headers: [APISource.Header] = []
    for member in object.members {
      let memberPath = JSONPathText.member(path, member.key)
      let bytes = Array(member.key.utf8)
      guard !bytes.isEmpty, bytes.allSatisfy({ (33...126).contains($0) && $0 != 58 }),
        !["authorization", "us-customer-api-key"].contains(member.key.lowercased())
      else {
        fail(memberPath, "config.pattern", "not a header name this source may set (Authorization and the API key come from auth)")
        continue
      }
      if let text = member.value.stringValue {
        headers.append(APISource.Header(name: member.key, value: text, secret: nil))
      } else if member.value.objectValue != nil, let secret = self.object(member.value, memberPath, required: ["env"], allowed: ["env"]) {
        if let secret = self.secret(secret, "env", memberPath) {
          headers.append(APISource.Header(name: member.key, value: nil, secret: secret))
        }
      } else {
        fail(memberPath, "config.type", "expected a string or {\"env\": \"VARIABLE\"}, found \(member.value.typeName)")
      }
    }
    return headers.sorted { $0.name < $1.name }
  }

  private mutating func dateFormats(_ value: JSONValue, _ path: String) -> [DateFormat]? {
    guard let items = value.arrayValue, !items.isEmpty else {
      fail(path, "config.type", "expected a non-empty list of date formats such as \"YYYY-MM-DD\" or \"MM/DD/YYYY\"")
      return nil
    }
    var formats: [DateFormat] = []
    for (index, item) in items.enumerated() {
      guard let text = string(item, "\(path)[\(index)]") else { continue }
      guard let format = DateFormat(pattern: text) else {
        fail("\(path)[\(index)]", "config.pattern", "not a date format: use YYYY, MM, DD (or M, D) and separators, such as \"MM/DD/YYYY\"")
        continue
      }
      formats.append(format)
    }
    return formats.count == items.count ? formats : nil
  }
}
