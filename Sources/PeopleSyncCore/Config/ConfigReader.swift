import Foundation

/// Reads `tenant.json`, reporting every problem with its JSON path (as JSON Schema validators do).
public struct ConfigReader {
  private let file: String
  /// The tenant whose configuration this is: it may name only its own secrets.
  let tenant: String
  private var diagnostics: [Diagnostic] = []

  private init(tenant: String) {
    self.tenant = tenant
    file = "tenants/\(tenant)/tenant.json"
  }

  /// Parses and validates a tenant configuration. The config is nil when any error was found.
  public static func read(_ bytes: [UInt8], tenant: String) -> (config: TenantConfig?, diagnostics: [Diagnostic]) {
    var reader = ConfigReader(tenant: tenant)
    if !isValidTenantID(tenant) {
      reader.fail(
        "$", "config.tenant-id",
        "the tenant folder name '\(tenant)' must be lowercase letters, digits and '-', starting with a letter or digit, at most 63 characters"
      )
    }
    let document: JSONValue
    do {
      document = try JSONParser.parse(bytes)
    } catch {
      reader.diagnostics.append(
        Diagnostic(
          .error, "config.syntax", file: reader.file, line: error.line, jsonPath: "$", message: "not valid JSON: \(error.description)"))
      return (nil, reader.diagnostics)
    }
    let config = reader.tenant(document, id: tenant)
    return (reader.diagnostics.hasErrors ? nil : config, Diagnostic.sorted(reader.diagnostics))
  }

  /// Tenant ids name folders and appear in commit subjects, so keep them plain.
  public static func isValidTenantID(_ id: String) -> Bool {
    let bytes = Array(id.utf8)
    guard (1...63).contains(bytes.count), let first = bytes.first, isLowerAlnum(first) else { return false }
    return bytes.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
  }

  /// https anywhere; plain http only to the loopback address, where tests serve recorded payloads.
  static func isAllowedURL(_ text: String) -> Bool {
    if text.hasPrefix("https://") { return text.count > 8 }
    let loopback = "http://127.0.0.1"
    guard text.hasPrefix(loopback) else { return false }
    let rest = text.dropFirst(loopback.count)
    return rest.isEmpty || rest.hasPrefix(":") || rest.hasPrefix("/")
  }

  static func isLowerAlnum(_ byte: UInt8) -> Bool { (97...122).contains(byte) || (48...57).contains(byte) }

  mutating func fail(_ path: String, _ code: String, _ message: String) {
    diagnostics.append(Diagnostic(.error, code, file: file, jsonPath: path, message: message))
  }

  /// Checks an object's keys: required ones present, no unknown ones.
  mutating func object(_ value: JSONValue, _ path: String, required: [String], allowed: [String]) -> JSONObject? {
    guard let object = value.objectValue else {
      fail(path, "config.type", "expected an object, found \(value.typeName)")
      return nil
    }
    for key in required where object[key] == nil {
      fail(path, "config.required", "'\(key)' is required")
    }
    for key in object.keys where !allowed.contains(key) {
      fail(path, "config.unknown-key", "unknown key '\(key)' (allowed: \(allowed.joined(separator: ", ")))")
    }
    return object
  }

  mutating func string(_ value: JSONValue?, _ path: String, nonEmpty: Bool = true) -> String? {
    guard let value else { return nil }
    guard let text = value.stringValue else {
      fail(path, "config.type", "expected a string, found \(value.typeName)")
      return nil
    }
    if nonEmpty && text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      fail(path, "config.empty", "must not be empty")
      return nil
    }
    return text
  }

  mutating func integer(_ value: JSONValue?, _ path: String, range: ClosedRange<Int>) -> Int? {
    guard let value else { return nil }
    // JSON Schema's "integer" is any number without a fractional part (7, 7.0, 1e1).
    guard case .number(let text) = value, let number = Double(text), number.isFinite, number.rounded() == number else {
      fail(path, "config.type", "expected an integer, found \(value.typeName == "number" ? "a fractional number" : value.typeName)")
      return nil
    }
    guard number >= Double(range.lowerBound), number <= Double(range.upperBound) else {
      fail(path, "config.range", "must be between \(range.lowerBound) and \(range.upperBound), found \(text)")
      return nil
    }
    return Int(number)
  }

  /// A list of distinct non-empty strings, each with its index in the document.
  private mutating func stringList(_ value: JSONValue?, _ path: String) -> [(index: Int, value: String)]? {
    guard let value else { return nil }
    guard let items = value.arrayValue else {
      fail(path, "config.type", "expected an array, found \(value.typeName)")
      return nil
    }
    var result: [(Int, String)] = []
    var seen: [String: Int] = [:]
    for (index, item) in items.enumerated() {
      guard let text = string(item, "\(path)[\(index)]") else { continue }
      if let first = seen[text.lowercased()] {
        fail("\(path)[\(index)]", "config.duplicate", "'\(text)' repeats \(path)[\(first)] (names compare case-insensitively)")
        continue
      }
      seen[text.lowercased()] = index
      result.append((index, text))
    }
    return result
  }

  private mutating func tenant(_ document: JSONValue, id: String) -> TenantConfig? {
    let keys = [
      "$schema", "displayName", "timeZone", "locations", "quarantineDays", "provisionDaysBeforeHire", "safeguard", "customFields",
      "sources", "encryption", "drop", "rules",
    ]
    guard let root = object(document, "$", required: ["displayName", "timeZone", "sources"], allowed: keys) else { return nil }
    _ = string(root["$schema"], JSONPathText.member("$", "$schema"))
    let displayName = string(root["displayName"], "$.displayName")
    let timeZone = string(root["timeZone"], "$.timeZone")
    if let timeZone, TimeZone(identifier: timeZone) == nil {
      fail("$.timeZone", "config.time-zone", "'\(timeZone)' is not an IANA time zone (for example Europe/London)")
    }
    let locations = (stringList(root["locations"], "$.locations") ?? []).map(\.value)
    let quarantine = integer(root["quarantineDays"], "$.quarantineDays", range: 0...3650) ?? 7
    let preHire = integer(root["provisionDaysBeforeHire"], "$.provisionDaysBeforeHire", range: 0...365) ?? 0
    let customFieldList = stringList(root["customFields"], "$.customFields") ?? []
    let customFields = customFieldList.map(\.value)
    for (index, name) in customFieldList
    where StandardField.allCases.contains(where: {
      $0.rawValue.lowercased() == name.lowercased() || $0.defaultColumn.lowercased() == name.lowercased()
    }) {
      fail("$.customFields[\(index)]", "config.custom-field", "'\(name)' is a standard field, not a custom one")
    }
    for (index, name) in customFieldList where RuleField.reservedNames.contains(name) {
      fail("$.customFields[\(index)]", "config.custom-field", "'\(name)' is a field rules compute; name the custom field otherwise")
    }
    let safeguard = root["safeguard"].map { safeguardConfig($0) } ?? SafeguardConfig()
    let encryption = root["encryption"].map { encryptionConfig($0, quarantine: quarantine) } ?? EncryptionConfig()
    let drop = root["drop"].map { dropConfig($0, encrypted: (encryption ?? EncryptionConfig()).enabled) } ?? DropConfig()
    var sources: [SourceConfig] = []
    if let list = root["sources"] {
      if let items = list.arrayValue {
        if items.isEmpty { fail("$.sources", "config.empty", "at least one source is required") }
        var names: [String: Int] = [:]
        for (index, item) in items.enumerated() {
          guard let source = source(item, "$.sources[\(index)]", customFields: customFields) else { continue }
          if let first = names[source.name] {
            fail("$.sources[\(index)].name", "config.duplicate", "source name '\(source.name)' repeats $.sources[\(first)]")
            continue
          }
          names[source.name] = index
          sources.append(source)
        }
      } else {
        fail("$.sources", "config.type", "expected an array, found \(list.typeName)")
      }
    }
    let rules = root["rules"].map { self.rules($0, customFields: customFields, locations: locations) } ?? []
    guard let displayName, let timeZone else { return nil }
    return TenantConfig(
      id: id, displayName: displayName, timeZone: timeZone, locations: locations, quarantineDays: quarantine,
      provisionDaysBeforeHire: preHire, safeguard: safeguard ?? SafeguardConfig(), customFields: customFields, sources: sources,
      encryption: encryption ?? EncryptionConfig(), drop: drop ?? DropConfig(), rules: rules)
  }

  private mutating func dropConfig(_ value: JSONValue, encrypted: Bool) -> DropConfig? {
    guard let object = object(value, "$.drop", required: [], allowed: ["retainDays"]) else { return nil }
    var config = DropConfig()
    if let days = integer(object["retainDays"], "$.drop.retainDays", range: 0...3650) {
      if encrypted, days > DropConfig.encryptedMaxRetainDays {
        fail(
          "$.drop.retainDays", "config.range",
          "must be at most \(DropConfig.encryptedMaxRetainDays) days for an encrypted tenant: the reports kept in the SFTP folder are plain copies of personal data"
        )
      } else {
        config.retainDays = days
      }
    }
    return config
  }

  private mutating func encryptionConfig(_ value: JSONValue, quarantine: Int) -> EncryptionConfig? {
    guard let object = object(value, "$.encryption", required: [], allowed: ["enabled", "snapshotKeyRetentionDays"]) else { return nil }
    var config = EncryptionConfig()
    if let enabled = object["enabled"] {
      if let flag = enabled.boolValue {
        config.enabled = flag
        if !flag {
          diagnostics.append(
            Diagnostic(
              .warning, "encryption.plain-history", file: file, jsonPath: "$.encryption.enabled",
              message:
                "encryption is off: a purge removes a person from the branch head, but git history keeps their data; "
                + "'peoplesync encrypt --tenant \(tenant)' makes purges reach history (by destroying keys)"))
        }
      } else {
        fail("$.encryption.enabled", "config.type", "expected a boolean, found \(enabled.typeName)")
      }
    }
    if let days = integer(object["snapshotKeyRetentionDays"], "$.encryption.snapshotKeyRetentionDays", range: 1...3650) {
      if days < quarantine {
        fail(
          "$.encryption.snapshotKeyRetentionDays", "config.range",
          "must be at least the quarantine period (\(quarantine) days): a sync in quarantine may need to be replayed")
      } else {
        config.snapshotKeyRetentionDays = days
      }
    }
    return config
  }

  private mutating func safeguardConfig(_ value: JSONValue) -> SafeguardConfig? {
    guard let object = object(value, "$.safeguard", required: [], allowed: ["maxDeprovisionPercent", "minDeprovisionAllowed"]) else {
      return nil
    }
    var config = SafeguardConfig()
    if let percent = object["maxDeprovisionPercent"] {
      if let number = percent.doubleValue, case .number = percent {
        if (0...100).contains(number) {
          config.maxDeprovisionPercent = number
        } else {
          fail("$.safeguard.maxDeprovisionPercent", "config.range", "must be between 0 and 100, found \(number)")
        }
      } else {
        fail("$.safeguard.maxDeprovisionPercent", "config.type", "expected a number, found \(percent.typeName)")
      }
    }
    if let minimum = integer(object["minDeprovisionAllowed"], "$.safeguard.minDeprovisionAllowed", range: 0...1_000_000) {
      config.minDeprovisionAllowed = minimum
    }
    return config
  }

  private mutating func source(_ value: JSONValue, _ path: String, customFields: [String]) -> SourceConfig? {
    guard let object = value.objectValue else {
      fail(path, "config.type", "expected an object, found \(value.typeName)")
      return nil
    }
    guard let kindValue = object["kind"] else {
      fail(path, "config.required", "'kind' is required")
      return nil
    }
    guard let kindText = string(kindValue, "\(path).kind") else { return nil }
    guard let kind = SourceKind(rawValue: kindText) else {
      fail(
        "\(path).kind", "config.enum",
        "unknown source kind '\(kindText)' (one of: \(SourceKind.allCases.map(\.rawValue).joined(separator: ", ")))")
      return nil
    }
    let allowed: [String]
    let required: [String]
    switch kind {
    case .csv:
      allowed = ["name", "kind", "columns", "customColumns", "delimiter", "quoting"]
      required = ["name", "kind"]
    case .workday:
      allowed = Self.apiSourceKeys(kind)
      required = ["name", "kind", "reportUrl", "auth"]
    case .ukg:
      allowed = Self.apiSourceKeys(kind)
      required = ["name", "kind", "baseUrl", "auth"]
    case .scim:
      allowed = ["name", "kind"]
      required = ["name", "kind"]
    }
    guard let object = self.object(value, path, required: required, allowed: allowed) else { return nil }
    let name = string(object["name"], "\(path).name")
    if let name, !Self.isValidTenantID(name) {
      fail("\(path).name", "config.pattern", "source names are lowercase letters, digits and '-' (found '\(name)')")
    }
    var settings = JSONObject()
    for key in ["reportUrl", "baseUrl"] {
      guard let text = string(object[key], JSONPathText.member(path, key)) else { continue }
      if !Self.isAllowedURL(text) {
        fail(JSONPathText.member(path, key), "config.pattern", "must be an https:// URL (plain http only to 127.0.0.1, for tests)")
      }
      settings[key] = .string(text)
    }
    var options: CSVOptions?
    if kind == .csv { options = csvOptions(object, path, customFields: customFields) }
    let api = kind == .workday || kind == .ukg ? apiSource(object, path, kind: kind, customFields: customFields) : nil
    guard let name else { return nil }
    return SourceConfig(name: name, kind: kind, csv: options, api: api, settings: settings)
  }

  private mutating func csvOptions(_ object: JSONObject, _ path: String, customFields: [String]) -> CSVOptions {
    var options = CSVOptions()
    if let columns = object["columns"],
      let map = self.object(columns, "\(path).columns", required: [], allowed: StandardField.allCases.map(\.rawValue))
    {
      for member in map.members {
        guard let field = StandardField(rawValue: member.key),
          let header = string(member.value, JSONPathText.member("\(path).columns", member.key))
        else { continue }
        options.columns[field] = header
      }
    }
    if let custom = object["customColumns"], let map = self.object(custom, "\(path).customColumns", required: [], allowed: customFields) {
      for member in map.members {
        guard let header = string(member.value, JSONPathText.member("\(path).customColumns", member.key)) else { continue }
        options.customColumns[member.key] = header
      }
    }
    if let delimiter = string(object["delimiter"], "\(path).delimiter") {
      if let value = CSVOptions.Delimiter(rawValue: delimiter) {
        options.delimiter = value
      } else {
        fail("\(path).delimiter", "config.enum", "must be one of: \(CSVOptions.Delimiter.allCases.map(\.rawValue).joined(separator: ", "))")
      }
    }
    if let quoting = string(object["quoting"], "\(path).quoting") {
      if let value = CSVOptions.Quoting(rawValue: quoting) {
        options.quoting = value
      } else {
        fail("\(path).quoting", "config.enum", "must be one of: \(CSVOptions.Quoting.allCases.map(\.rawValue).joined(separator: ", "))")
      }
    }
    return options
  }
}
