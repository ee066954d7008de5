import Foundation
import TestSupport
import Testing

@testable import PeopleSyncCore

@Suite("ConfigReader")
struct ConfigReaderTests {
  /// A valid configuration with `extra` members added at the top level, as JSON text.
  private static func config(_ extra: String = "", sources: String = #"[{ "name": "hr", "kind": "csv" }]"#) -> String {
    """
    {
      "displayName": "Test Tenant",
      "timeZone": "Europe/London",
      "sources": \(sources)\(extra.isEmpty ? "" : ",\n  " + extra)
    }
    """
  }

  private func read(_ text: String, tenant: String = "test") -> (config: TenantConfig?, diagnostics: [Diagnostic]) {
    ConfigReader.read(Array(text.utf8), tenant: tenant)
  }

  /// The (JSON path, code) of each diagnostic.
  private func located(_ diagnostics: [Diagnostic]) -> [String] {
    diagnostics.map { "\($0.jsonPath ?? "-") \($0.code)" }
  }

  // MARK: Valid configurations

  @Test(arguments: ["acme", "globex", "initech"])
  func exampleConfigurationsAreValid(tenant: String) throws {
    let url = Paths.packageRoot.appendingPathComponent("tenants/\(tenant)/tenant.json")
    let (config, diagnostics) = ConfigReader.read([UInt8](try Data(contentsOf: url)), tenant: tenant)
    let parsed = try #require(config)
    // A plain tenant is told that its purges cannot reach git history; nothing else is said.
    #expect(diagnostics.map(\.code) == (parsed.encryption.enabled ? [] : ["encryption.plain-history"]), "\(diagnostics)")
    #expect(parsed.id == tenant)
    #expect(!parsed.sources.isEmpty)
    #expect(parsed.configPath == "tenants/\(tenant)/tenant.json")
  }

  @Test func acmeExampleIsReadInFull() throws {
    let url = Paths.packageRoot.appendingPathComponent("tenants/acme/tenant.json")
    let config = try #require(ConfigReader.read([UInt8](try Data(contentsOf: url)), tenant: "acme").config)
    #expect(config.displayName == "Acme Corporation")
    #expect(config.timeZone == "America/New_York")
    #expect(config.locations == ["New York", "London", "Berlin", "Remote"])
    #expect(config.quarantineDays == 14)
    #expect(config.provisionDaysBeforeHire == 7)
    #expect(config.safeguard == SafeguardConfig(maxDeprovisionPercent: 10, minDeprovisionAllowed: 2))
    #expect(config.customFields == ["Cost Center", "Employment Type", "Office Code"])
    #expect(config.sources.map(\.name) == ["hr", "okta"])
    #expect(config.sources.map(\.kind) == [.csv, .scim])
    #expect(config.sources[0].csv?.customColumns == ["Office Code": "Office"])
    #expect(config.sources[1].csv == nil)
  }

  @Test func initechExampleMapsColumnsAndQuoting() throws {
    let url = Paths.packageRoot.appendingPathComponent("tenants/initech/tenant.json")
    let config = try #require(ConfigReader.read([UInt8](try Data(contentsOf: url)), tenant: "initech").config)
    let csv = try #require(config.sources.first?.csv)
    #expect(csv.columns == [.fullName: "Name", .email: "Work Email", .managerEmail: "Manager Email"])
    #expect(csv.quoting == .backslash)
    #expect(csv.delimiter == .auto)
    #expect(csv.column(for: .employeeId) == "Employee ID")
  }

  @Test func defaults() throws {
    let (config, diagnostics) = read(Self.config())
    #expect(diagnostics.isEmpty)
    let parsed = try #require(config)
    #expect(parsed.quarantineDays == 7)
    #expect(parsed.provisionDaysBeforeHire == 0)
    #expect(parsed.safeguard.maxDeprovisionPercent == 10)
    #expect(parsed.safeguard.minDeprovisionAllowed == 1)
    #expect(parsed.locations.isEmpty)
    #expect(parsed.customFields.isEmpty)
    #expect(parsed.sources == [SourceConfig(name: "hr", kind: .csv, csv: CSVOptions())])
    #expect(parsed.sources[0].csv?.delimiter == .auto)
    #expect(parsed.sources[0].csv?.quoting == .auto)
  }

  @Test func partialSafeguardKeepsTheOtherDefault() throws {
    let config = try #require(read(Self.config(#""safeguard": { "maxDeprovisionPercent": 25.5 }"#)).config)
    #expect(config.safeguard == SafeguardConfig(maxDeprovisionPercent: 25.5, minDeprovisionAllowed: 1))
    let other = try #require(read(Self.config(#""safeguard": { "minDeprovisionAllowed": 0 }"#)).config)
    #expect(other.safeguard == SafeguardConfig(maxDeprovisionPercent: 10, minDeprovisionAllowed: 0))
  }

  @Test func boundaryValuesAreAccepted() throws {
    let text = Self.config(
      #""quarantineDays": 0, "provisionDaysBeforeHire": 365, "safeguard": { "maxDeprovisionPercent": 100, "minDeprovisionAllowed": 0 }"#)
    let config = try #require(read(text).config)
    #expect(config.quarantineDays == 0)
    #expect(config.provisionDaysBeforeHire == 365)
    #expect(read(Self.config(#""quarantineDays": 3650"#)).config?.quarantineDays == 3650)
  }

  @Test func everySourceKindIsValidated() throws {
    let sources = #"""
      [
        { "name": "hr", "kind": "csv", "columns": { "email": "Work Email" }, "delimiter": "semicolon", "quoting": "rfc4180" },
        { "name": "wd", "kind": "workday", "reportUrl": "https://wd.example/report", "auth": { "method": "basic", "usernameEnv": "TEST__WD_USER", "passwordEnv": "TEST__WD_PASSWORD" } },
        { "name": "ukg", "kind": "ukg", "baseUrl": "https://ukg.example", "auth": { "method": "basic", "usernameEnv": "TEST__U_USER", "passwordEnv": "TEST__U_PASSWORD", "apiKeyEnv": "TEST__U_KEY" } },
        { "name": "okta", "kind": "scim" }
      ]
      """#
    let (config, diagnostics) = read(Self.config(sources: sources))
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    let parsed = try #require(config)
    #expect(parsed.sources.map(\.kind) == [.csv, .workday, .ukg, .scim])
    #expect(parsed.sources[0].csv == CSVOptions(columns: [.email: "Work Email"], delimiter: .semicolon, quoting: .rfc4180))
    #expect(parsed.sources[1].settings["reportUrl"] == .string("https://wd.example/report"))
    #expect(parsed.sources[2].settings["baseUrl"] == .string("https://ukg.example"))
  }

  /// JSON Schema's "integer" is any number without a fractional part; so is ours.
  @Test func integralNumbersAreIntegers() throws {
    for text in ["14", "14.0", "1.4e1"] {
      let (config, diagnostics) = read(Self.config(#""quarantineDays": \#(text)"#))
      #expect(diagnostics.isEmpty, "\(text): \(diagnostics)")
      #expect(config?.quarantineDays == 14)
    }
    #expect(read(Self.config(#""quarantineDays": 14.5"#)).diagnostics.map(\.code) == ["config.type"])
  }

  @Test func loopbackHTTPIsAllowedForTests() throws {
    for url in ["http://127.0.0.1", "http://127.0.0.1:8080/report", "http://127.0.0.1/r"] {
      let (_, diagnostics) = read(
        Self.config(
          sources:
            #"[{ "name": "wd", "kind": "workday", "reportUrl": "\#(url)", "auth": { "method": "basic", "usernameEnv": "TEST__WD_USER", "passwordEnv": "TEST__WD_PASSWORD" } }]"#
        ))
      #expect(diagnostics.isEmpty, "\(url): \(diagnostics)")
    }
  }

  /// A tenant names only its own secrets: never the master key, the host's variables or another tenant's.
  @Test func secretsStayInTheTenantsNamespace() throws {
    func errors(_ tenant: String, _ username: String, header: String = "ACME__TOKEN") -> [String] {
      let sources =
        #"[{ "name": "wd", "kind": "workday", "reportUrl": "https://wd.example/r", "headers": { "X-Token": { "env": "\#(header)" } }, "#
        + #""auth": { "method": "basic", "usernameEnv": "\#(username)", "passwordEnv": "ACME__WD_PASSWORD" } }]"#
      return read(Self.config(sources: sources), tenant: tenant).diagnostics.filter { $0.code == "config.secret-namespace" }
        .compactMap(\.jsonPath)
    }
    #expect(errors("acme", "ACME__WD_USER") == [])
    for outside in ["PEOPLESYNC_MASTER_KEY", "PEOPLESYNC_MASTER_KEY_FILE", "HOME", "GLOBEX__WD_USER", "ACME_WD_USER", "ACME__", "ACME___X"]
    {
      #expect(errors("acme", outside) == ["$.sources[0].auth.usernameEnv"], "\(outside)")
    }
    #expect(errors("acme", "ACME__WD_USER", header: "PEOPLESYNC_MASTER_KEY") == ["$.sources[0].headers['X-Token'].env"])
    // Prefixes cannot overlap: acme cannot reach acme-eu's variables, nor the other way round.
    #expect(ConfigReader.isSecret("ACME_EU__PASSWORD", of: "acme-eu"))
    #expect(!ConfigReader.isSecret("ACME_EU__PASSWORD", of: "acme"))
    #expect(!ConfigReader.isSecret("ACME__EU__PASSWORD", of: "acme"))
    #expect(!ConfigReader.isSecret("A__B__X", of: "a"))
    #expect(ConfigReader.isSecret("A__B__X", of: "a--b"))
    #expect(ConfigReader.isSecret("A___X", of: "a-"))
  }

  @Test func byteOrderMarkIsAllowed() throws {
    let (config, diagnostics) = ConfigReader.read([0xEF, 0xBB, 0xBF] + Array(Self.config().utf8), tenant: "test")
    #expect(diagnostics.isEmpty)
    #expect(config != nil)
  }

  // MARK: Errors, one at a time

  static let errorCases: [(String, String, [String])] = [
    // Top level.
    ("root not an object", "[]", ["$ config.type"]),
    ("unknown top-level key", config(#""colour": "red""#), ["$ config.unknown-key"]),
    ("missing displayName", #"{ "timeZone": "UTC", "sources": [{ "name": "hr", "kind": "csv" }] }"#, ["$ config.required"]),
    ("missing timeZone", #"{ "displayName": "X", "sources": [{ "name": "hr", "kind": "csv" }] }"#, ["$ config.required"]),
    ("missing sources", #"{ "displayName": "X", "timeZone": "UTC" }"#, ["$ config.required"]),
    (
      "displayName not a string", #"{ "displayName": 5, "timeZone": "UTC", "sources": [{ "name": "hr", "kind": "csv" }] }"#,
      ["$.displayName config.type"]
    ),
    (
      "displayName blank", #"{ "displayName": "  ", "timeZone": "UTC", "sources": [{ "name": "hr", "kind": "csv" }] }"#,
      ["$.displayName config.empty"]
    ),
    (
      "unknown time zone", #"{ "displayName": "X", "timeZone": "Mars/Olympus_Mons", "sources": [{ "name": "hr", "kind": "csv" }] }"#,
      ["$.timeZone config.time-zone"]
    ),
    ("$schema not a string", config(#""$schema": 1"#), ["$['$schema'] config.type"]),
    (
      "displayName only a line break", #"{ "displayName": "\n", "timeZone": "UTC", "sources": [{ "name": "hr", "kind": "csv" }] }"#,
      ["$.displayName config.empty"]
    ),
    (
      "custom field index after a dropped item", config(#""customFields": ["", "Email"]"#),
      ["$.customFields[0] config.empty", "$.customFields[1] config.custom-field"]
    ),
    ("quarantine beyond any integer", config(#""quarantineDays": 99999999999999999999"#), ["$.quarantineDays config.range"]),
    (
      "plain http to a host that only starts like loopback",
      config(
        sources:
          #"[{ "name": "wd", "kind": "workday", "reportUrl": "http://127.0.0.1.evil.example/r", "auth": { "method": "basic", "usernameEnv": "TEST__WD_USER", "passwordEnv": "TEST__WD_PASSWORD" } }]"#
      ),
      ["$.sources[0].reportUrl config.pattern"]
    ),
    (
      "custom column key that is not an identifier",
      config(#""customFields": ["Office Code"]"#, sources: #"[{ "name": "hr", "kind": "csv", "customColumns": { "Office Code": 3 } }]"#),
      ["$.sources[0].customColumns['Office Code'] config.type"]
    ),
    // Numbers.
    ("quarantine negative", config(#""quarantineDays": -1"#), ["$.quarantineDays config.range"]),
    ("quarantine too long", config(#""quarantineDays": 3651"#), ["$.quarantineDays config.range"]),
    ("quarantine as string", config(#""quarantineDays": "7""#), ["$.quarantineDays config.type"]),
    ("quarantine fractional", config(#""quarantineDays": 7.5"#), ["$.quarantineDays config.type"]),
    ("pre-hire too long", config(#""provisionDaysBeforeHire": 366"#), ["$.provisionDaysBeforeHire config.range"]),
    ("pre-hire null", config(#""provisionDaysBeforeHire": null"#), ["$.provisionDaysBeforeHire config.type"]),
    // Safeguard.
    ("safeguard not an object", config(#""safeguard": 10"#), ["$.safeguard config.type"]),
    ("safeguard unknown key", config(#""safeguard": { "maxPercent": 10 }"#), ["$.safeguard config.unknown-key"]),
    (
      "safeguard percent over 100", config(#""safeguard": { "maxDeprovisionPercent": 101 }"#),
      ["$.safeguard.maxDeprovisionPercent config.range"]
    ),
    (
      "safeguard percent negative", config(#""safeguard": { "maxDeprovisionPercent": -0.5 }"#),
      ["$.safeguard.maxDeprovisionPercent config.range"]
    ),
    (
      "safeguard percent as string", config(#""safeguard": { "maxDeprovisionPercent": "10%" }"#),
      ["$.safeguard.maxDeprovisionPercent config.type"]
    ),
    (
      "safeguard minimum negative", config(#""safeguard": { "minDeprovisionAllowed": -1 }"#),
      ["$.safeguard.minDeprovisionAllowed config.range"]
    ),
    // Lists.
    ("locations not an array", config(#""locations": "London""#), ["$.locations config.type"]),
    ("location not a string", config(#""locations": ["London", 7]"#), ["$.locations[1] config.type"]),
    ("location empty", config(#""locations": ["London", ""]"#), ["$.locations[1] config.empty"]),
    (
      "locations duplicate case-insensitively", config(#""locations": ["London", "Berlin", "LONDON"]"#), ["$.locations[2] config.duplicate"]
    ),
    ("custom fields duplicate", config(#""customFields": ["Badge", "badge"]"#), ["$.customFields[1] config.duplicate"]),
    (
      "custom field named like a standard column", config(#""customFields": ["Badge", "Email"]"#), ["$.customFields[1] config.custom-field"]
    ),
    ("custom field named like a standard field", config(#""customFields": ["employeeId"]"#), ["$.customFields[0] config.custom-field"]),
    (
      "custom field named like a standard column in other case", config(#""customFields": ["manager's EMAIL"]"#),
      ["$.customFields[0] config.custom-field"]
    ),
    // Sources.
    ("sources empty", config(sources: "[]"), ["$.sources config.empty"]),
    ("sources not an array", config(sources: #"{ "name": "hr", "kind": "csv" }"#), ["$.sources config.type"]),
    ("source not an object", config(sources: #"["hr"]"#), ["$.sources[0] config.type"]),
    ("source without kind", config(sources: #"[{ "name": "hr" }]"#), ["$.sources[0] config.required"]),
    ("source kind unknown", config(sources: #"[{ "name": "hr", "kind": "sftp" }]"#), ["$.sources[0].kind config.enum"]),
    ("source kind not a string", config(sources: #"[{ "name": "hr", "kind": 1 }]"#), ["$.sources[0].kind config.type"]),
    ("source without name", config(sources: #"[{ "kind": "csv" }]"#), ["$.sources[0] config.required"]),
    ("source name pattern", config(sources: #"[{ "name": "HR Feed", "kind": "csv" }]"#), ["$.sources[0].name config.pattern"]),
    ("source unknown key", config(sources: #"[{ "name": "hr", "kind": "csv", "path": "x.csv" }]"#), ["$.sources[0] config.unknown-key"]),
    (
      "csv-only key on scim", config(sources: #"[{ "name": "okta", "kind": "scim", "delimiter": "comma" }]"#),
      ["$.sources[0] config.unknown-key"]
    ),
    (
      "source names repeat", config(sources: #"[{ "name": "hr", "kind": "csv" }, { "name": "hr", "kind": "scim" }]"#),
      ["$.sources[1].name config.duplicate"]
    ),
    (
      "workday without reportUrl",
      config(
        sources:
          #"[{ "name": "wd", "kind": "workday", "auth": { "method": "basic", "usernameEnv": "TEST__WD_USER", "passwordEnv": "TEST__WD_PASSWORD" } }]"#
      ),
      ["$.sources[0] config.required"]
    ),
    (
      "workday plain http",
      config(
        sources:
          #"[{ "name": "wd", "kind": "workday", "reportUrl": "http://wd.example/r", "auth": { "method": "basic", "usernameEnv": "TEST__WD_USER", "passwordEnv": "TEST__WD_PASSWORD" } }]"#
      ),
      ["$.sources[0].reportUrl config.pattern"]
    ),
    (
      "ukg without baseUrl",
      config(
        sources:
          #"[{ "name": "u", "kind": "ukg", "auth": { "method": "basic", "usernameEnv": "TEST__U_USER", "passwordEnv": "TEST__U_PASSWORD", "apiKeyEnv": "TEST__U_KEY" } }]"#
      ), ["$.sources[0] config.required"]
    ),
    (
      "columns unknown field", config(sources: #"[{ "name": "hr", "kind": "csv", "columns": { "fullname": "Name" } }]"#),
      ["$.sources[0].columns config.unknown-key"]
    ),
    (
      "columns not an object", config(sources: #"[{ "name": "hr", "kind": "csv", "columns": ["Name"] }]"#),
      ["$.sources[0].columns config.type"]
    ),
    (
      "column header not a string", config(sources: #"[{ "name": "hr", "kind": "csv", "columns": { "email": 5 } }]"#),
      ["$.sources[0].columns.email config.type"]
    ),
    (
      "column header empty", config(sources: #"[{ "name": "hr", "kind": "csv", "columns": { "email": "" } }]"#),
      ["$.sources[0].columns.email config.empty"]
    ),
    (
      "custom column for an undeclared field", config(sources: #"[{ "name": "hr", "kind": "csv", "customColumns": { "Badge": "B" } }]"#),
      ["$.sources[0].customColumns config.unknown-key"]
    ),
    (
      "delimiter unknown", config(sources: #"[{ "name": "hr", "kind": "csv", "delimiter": "pipe" }]"#),
      ["$.sources[0].delimiter config.enum"]
    ),
    ("quoting unknown", config(sources: #"[{ "name": "hr", "kind": "csv", "quoting": "single" }]"#), ["$.sources[0].quoting config.enum"]),
  ]

  @Test(arguments: errorCases)
  func eachErrorHasItsPathAndCode(name: String, text: String, expected: [String]) throws {
    let (config, diagnostics) = read(text)
    #expect(located(diagnostics) == expected, "\(name): \(diagnostics)")
    #expect(config == nil, "\(name): a configuration with errors is not returned")
    #expect(diagnostics.allSatisfy { $0.severity == .error && $0.file == "tenants/test/tenant.json" && !$0.message.isEmpty }, "\(name)")
  }

  @Test func unknownKeyMessageNamesTheKeyAndTheAllowedOnes() throws {
    let diagnostic = try #require(read(Self.config(#""quarantine": 3"#)).diagnostics.first)
    #expect(diagnostic.message.contains("'quarantine'"))
    #expect(diagnostic.message.contains("quarantineDays"))
  }

  @Test func duplicateLocationMessageNamesTheFirst() throws {
    let diagnostic = try #require(read(Self.config(#""locations": ["London", "london"]"#)).diagnostics.first)
    #expect(diagnostic.message.contains("$.locations[0]"))
  }

  // MARK: Tenant folder names

  @Test(arguments: ["acme", "acme-2", "9lives", "a", String(repeating: "a", count: 63)])
  func validTenantIDs(id: String) {
    #expect(ConfigReader.isValidTenantID(id), "\(id)")
  }

  @Test(arguments: ["", "Acme", "-acme", "acme_corp", "acme corp", "acmé", "acme.corp", String(repeating: "a", count: 64)])
  func invalidTenantIDs(id: String) throws {
    #expect(!ConfigReader.isValidTenantID(id), "\(id)")
    let (config, diagnostics) = read(Self.config(), tenant: id)
    #expect(config == nil)
    #expect(located(diagnostics) == ["$ config.tenant-id"], "\(id)")
  }

  // MARK: JSON syntax

  @Test func syntaxErrorHasALineNumber() throws {
    let text = "{\n  \"displayName\": \"X\",\n  \"timeZone\": \"UTC\"\n  \"sources\": []\n}\n"
    let (config, diagnostics) = read(text)
    #expect(config == nil)
    let diagnostic = try #require(diagnostics.first)
    #expect(diagnostics.count == 1)
    #expect(diagnostic.code == "config.syntax")
    #expect(diagnostic.line == 4)
    #expect(diagnostic.jsonPath == "$")
    #expect(diagnostic.message.contains("line 4"))
  }

  @Test func duplicateJSONKeysAreASyntaxError() throws {
    let text =
      "{\n  \"displayName\": \"X\",\n  \"timeZone\": \"UTC\",\n  \"displayName\": \"Y\",\n  \"sources\": [{ \"name\": \"hr\", \"kind\": \"csv\" }]\n}\n"
    let (config, diagnostics) = read(text)
    #expect(config == nil)
    let diagnostic = try #require(diagnostics.first)
    #expect(diagnostic.code == "config.syntax")
    #expect(diagnostic.line == 4)
    #expect(diagnostic.message.contains("duplicate key"))
    #expect(diagnostic.message.contains("displayName"))
  }

  @Test(arguments: [
    ("trailing comma", "{ \"displayName\": \"X\", }"),
    ("comment", "// tenant\n{}"),
    ("empty file", ""),
    ("single quotes", "{ 'displayName': 'X' }"),
  ])
  func otherSyntaxErrors(name: String, text: String) throws {
    let (config, diagnostics) = read(text)
    #expect(config == nil, "\(name)")
    #expect(diagnostics.map(\.code) == ["config.syntax"], "\(name)")
    #expect(diagnostics.first?.line != nil, "\(name)")
  }

  @Test func badTenantIDAndSyntaxErrorAreBothReported() throws {
    let (_, diagnostics) = read("{", tenant: "Bad_Name")
    #expect(Set(diagnostics.map(\.code)) == ["config.tenant-id", "config.syntax"])
  }

  // MARK: Every problem at once

  @Test func fourIndependentErrorsGiveFourDiagnostics() throws {
    let text = """
      {
        "displayName": 5,
        "timeZone": "Nowhere/Atlantis",
        "quarantineDays": -3,
        "colour": "red",
        "sources": [{ "name": "hr", "kind": "csv" }]
      }
      """
    let (config, diagnostics) = read(text)
    #expect(config == nil)
    #expect(
      Set(located(diagnostics)) == [
        "$ config.unknown-key", "$.displayName config.type", "$.timeZone config.time-zone", "$.quarantineDays config.range",
      ])
    #expect(diagnostics.count == 4)
  }

  @Test func errorsInSeveralSourcesAreAllReported() throws {
    let sources = #"""
      [
        { "name": "hr", "kind": "csv", "delimiter": "pipe", "quoting": "single", "columns": { "nickname": "Nick" } },
        { "name": "Okta", "kind": "scim" },
        { "name": "wd", "kind": "workday", "reportUrl": "ftp://x", "auth": { "method": "basic", "usernameEnv": "TEST__WD_USER", "passwordEnv": "TEST__WD_PASSWORD" } },
        { "name": "x", "kind": "ldap" }
      ]
      """#
    let (config, diagnostics) = read(Self.config(#""customFields": ["Email"], "locations": ["A", "a"]"#, sources: sources))
    #expect(config == nil)
    #expect(
      Set(located(diagnostics)) == [
        "$.customFields[0] config.custom-field",
        "$.locations[1] config.duplicate",
        "$.sources[0].delimiter config.enum",
        "$.sources[0].quoting config.enum",
        "$.sources[0].columns config.unknown-key",
        "$.sources[1].name config.pattern",
        "$.sources[2].reportUrl config.pattern",
        "$.sources[3].kind config.enum",
      ])
    #expect(diagnostics.count == 8)
  }

  @Test func diagnosticsAreSortedDeterministically() throws {
    let text = Self.config(#""quarantineDays": -1, "locations": ["A", "a"], "provisionDaysBeforeHire": 999, "zzz": 1"#)
    let first = read(text).diagnostics
    #expect(first == Diagnostic.sorted(first))
    #expect(first == read(text).diagnostics)
  }
}
