import Testing

@testable import PeopleSyncCore

/// How long the SFTP drop folder keeps reports: `drop.retainDays`, its defaults and the cap for encrypted tenants.
@Suite("DropConfig")
struct DropConfigTests {
  private func config(_ text: String) -> (config: TenantConfig?, diagnostics: [Diagnostic]) {
    let json = """
      { "displayName": "T", "timeZone": "UTC", "quarantineDays": 14, "sources": [{ "name": "hr", "kind": "csv" }]\(text) }
      """
    return ConfigReader.read(Array(json.utf8), tenant: "t")
  }

  private func days(_ text: String, override: Int? = nil) throws -> Int {
    let (parsed, diagnostics) = config(text)
    // A plain tenant hears that its history keeps purged data; nothing else is said.
    #expect(diagnostics.filter { $0.code != "encryption.plain-history" }.isEmpty, "\(diagnostics)")
    return try #require(parsed).dropRetentionDays(override: override)
  }

  @Test("a plain tenant keeps reports its quarantine period unless configured or overridden")
  func plain() throws {
    let plain = #", "encryption": { "enabled": false }"#
    #expect(try days(plain) == 14)
    #expect(try days(plain + #", "drop": { "retainDays": 30 }"#) == 30)
    #expect(try days(plain + #", "drop": { "retainDays": 30 }"#, override: 2) == 2)
    #expect(try days(plain, override: 100) == 100)
  }

  @Test("an encrypted tenant keeps them a day by default, as configured up to 7, and never more than 7 days")
  func encrypted() throws {
    #expect(try days("") == 1)
    #expect(try days(#", "drop": { "retainDays": 0 }"#) == 0)
    #expect(try days(#", "drop": { "retainDays": 7 }"#) == 7)
    #expect(try days(#", "encryption": { "enabled": true }, "drop": { "retainDays": 3 }"#, override: 5) == 5)
    // The operator's --retain-days cannot lengthen it past the cap either.
    #expect(try days("", override: 30) == 7)
  }

  @Test("validate refuses a longer retention for an encrypted tenant, and a bad value or key, at their JSON paths")
  func invalid() {
    let long = config(#", "drop": { "retainDays": 8 }"#).diagnostics
    #expect(long.map { "\($0.jsonPath ?? "-") \($0.code)" } == ["$.drop.retainDays config.range"])
    #expect(long.first?.message.contains("at most 7 days for an encrypted tenant") == true, "\(long)")
    let plainLong = config(#", "encryption": { "enabled": false }, "drop": { "retainDays": 90 }"#)
    #expect(plainLong.diagnostics.map(\.code) == ["encryption.plain-history"] && plainLong.config?.drop.retainDays == 90)
    let bad = config(#", "drop": { "retainDays": -1, "keep": true }"#).diagnostics
    #expect(Set(bad.compactMap(\.jsonPath)) == ["$.drop", "$.drop.retainDays"], "\(bad)")
  }
}
