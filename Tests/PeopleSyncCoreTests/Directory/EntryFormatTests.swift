import Foundation
import SnapshotGenerator
import TestSupport
import Testing

@testable import PeopleSyncCore

@Suite("Entry format")
struct EntryFormatTests {
  static func acme() throws -> (TenantConfig, Snapshot) {
    let root = Paths.packageRoot.appendingPathComponent("tenants/acme")
    let config = try #require(
      ConfigReader.read([UInt8](try Data(contentsOf: root.appendingPathComponent("tenant.json"))), tenant: "acme").config)
    let bytes = [UInt8](try Data(contentsOf: root.appendingPathComponent("sources/hr.csv")))
    let snapshot = bytes.withUnsafeBytes {
      SnapshotReader.readCSV($0, source: config.sources[0], customFields: config.customFields, file: "tenants/acme/sources/hr.csv")
    }
    return (config, snapshot)
  }

  static func generated() -> (TenantConfig, Snapshot) {
    let config = TenantConfig(
      id: "bench", displayName: "Bench", timeZone: "UTC", locations: ["Berlin", "London", "Tokyo"], customFields: ["Cost Center"],
      sources: [SourceConfig(name: "hr", kind: .csv)])
    let snapshot = PeopleGenerator(seed: 3, count: 3000).csv().withUnsafeBytes {
      SnapshotReader.readCSV($0, source: config.sources[0], customFields: config.customFields, file: "hr.csv")
    }
    return (config, snapshot)
  }

  /// The planner compares stored entries with bytes written straight from the records; they must be
  /// exactly what `encode` writes for the same entry, or every person would look changed.
  @Test("an entry written from a record's bytes equals the encoded entry", arguments: [0, 1])
  func bytePathMatchesEncode(_ dataset: Int) throws {
    let (config, snapshot) = dataset == 0 ? try Self.acme() : Self.generated()
    #expect(snapshot.records.count > 30)
    let lifecycles = snapshot.records.map { Lifecycle.of($0, asOf: Day("2026-11-29")!, daysBeforeHire: 0) }
    let resolver = Resolver(config: config, records: snapshot.records, lifecycles: lifecycles, files: [:])
    var notes = ResolutionNotes()
    for index in snapshot.records.indices {
      let id = PersonID(UInt64(index))
      let fields = resolver.fields(index, notes: &notes)
      let expected = EntryFormat.encode(DirectoryEntry(id: id, status: .active, person: fields, source: snapshot.records[index].source))
      let actual = resolver.encodedActive(index, id: id, notes: &notes)
      #expect(actual == expected, "line \(snapshot.records[index].line)")
    }
  }

  @Test("entries round-trip through the file format")
  func roundTrip() throws {
    let entry = DirectoryEntry(
      id: PersonID(0xabc), status: .deprovisioned,
      person: PersonFields(
        fullName: "Zoë \"Z\" O'Neil", email: "zoe@acme.example", employeeId: "E1", department: "R&D", title: "Lead\\Head",
        location: "London", managerEmail: "boss@acme.example", pictureUrl: "https://x.example/p.png", hireDate: Day("2020-02-29"),
        terminationDate: Day("2026-11-28"), custom: ["Cost Center": "CC-1", "Badge": "B\n2"]),
      source: "hr", deprovisionedOn: Day("2026-11-29"), deprovisionReason: .terminated)
    let bytes = EntryFormat.encode(entry)
    #expect(try EntryFormat.decode(bytes, expected: entry.id) == entry)
    let text = String(decoding: bytes, as: UTF8.self)
    #expect(
      text.hasPrefix("{\n  \"id\": \"0000000000000abc\",\n  \"status\": \"deprovisioned\",\n  \"fullName\": \"Zoë \\\"Z\\\" O'Neil\""))
    #expect(text.contains("\"custom\": {\n    \"Badge\": \"B\\n2\",\n    \"Cost Center\": \"CC-1\"\n  }"))
    #expect(EntryFormat.encode(.purged(entry.id)) == Array("{\n  \"id\": \"0000000000000abc\",\n  \"status\": \"purged\"\n}\n".utf8))
  }
}

@Suite("Entry format: personal data")
struct EntryPersonalDataTests {
  @Test("only the purged entry holds no personal data", arguments: DirectoryEntry.Status.allCases)
  func holdsPersonalData(_ status: DirectoryEntry.Status) {
    let entry =
      status == .purged
      ? DirectoryEntry.purged(PersonID(7))
      : DirectoryEntry(id: PersonID(7), status: status, person: PersonFields(fullName: "A", email: "a@b.example"))
    #expect(EntryFormat.holdsPersonalData(EntryFormat.encode(entry)) == (status != .purged))
  }
}
