import PeopleSyncCore
import Testing

@Suite("Record store archive")
struct RecordStoreArchiveTests {
  static let csv = """
    Full Name,Email,Employee ID,Department,Title,Hire Date,Manager's email,Picture URL,Location,Termination Date,Cost Center
    Ada Lovelace,ada@x.com,1,Engineering,"Analyst, first",1843-01-01,,,London,,CC-1
    Grace Hopper,grace@x.com,2,Navy,Rear Admiral,1943-12-01,ada@x.com,,,1986-08-14,
    Émile Zola,emile@x.com,3,,,,,https://x.com/e.png,Paris,,CC-3

    """

  static func snapshot() -> Snapshot {
    let source = SourceConfig(name: "hr", kind: .csv)
    return Array(csv.utf8).withUnsafeBytes { SnapshotReader.readCSV($0, source: source, customFields: ["Cost Center"], file: "hr.csv") }
  }

  @Test("a clean snapshot comes back with every record, field, date and custom value")
  func roundTrip() throws {
    let original = Self.snapshot()
    var bytes: [UInt8] = [1, 2, 3]  // archived after what the caller already wrote
    #expect(original.archive(into: &bytes))
    let source = original.source
    let copy = try #require(
      bytes.withUnsafeBytes { raw in
        Snapshot.unarchive(UnsafeRawBufferPointer(rebasing: raw[3...]), source: source, customFields: ["Cost Center"], file: "hr.csv")
      })
    #expect(copy.records.count == 3 && copy.rowCount == 3)
    for (a, b) in zip(original.records, copy.records) {
      for field in StandardField.allCases { #expect(a.text(field) == b.text(field), "\(field)") }
      #expect(a.line == b.line)
      #expect(a.hireDate == b.hireDate)
      #expect(a.terminationDate == b.terminationDate)
      #expect(a.custom == b.custom)
    }
  }

  @Test("damaged archives are refused, never read past their end")
  func damaged() throws {
    let store = try #require(Self.snapshot().records.first?.store)
    var bytes: [UInt8] = []
    store.archive(into: &bytes)
    func read(_ bytes: [UInt8], customNames: [String] = ["Cost Center"]) -> RecordStore? {
      bytes.withUnsafeBytes { RecordStore.unarchive($0, source: "hr", customNames: customNames) }
    }
    #expect(read(bytes) != nil)
    #expect(read(Array(bytes.dropLast())) == nil)
    #expect(read(bytes + [0]) == nil)
    #expect(read(bytes, customNames: []) == nil, "another set of custom fields")
    var wrongMagic = bytes
    wrongMagic[0] ^= 0xFF
    #expect(read(wrongMagic) == nil)
    // A field range pointing past the text: the text count is the header's second number.
    var shortText = bytes
    let textCount = bytes.withUnsafeBytes { Int(UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 5 + 8, as: UInt64.self))) }
    withUnsafeBytes(of: UInt64(textCount - 10).littleEndian) { shortText.replaceSubrange((5 + 8)..<(5 + 16), with: $0) }
    shortText.removeSubrange((5 + 32 + textCount - 10)..<(5 + 32 + textCount))
    #expect(read(shortText) == nil)
  }

  @Test("only snapshots whose every row is valid have a store to keep")
  func onlyClean() {
    let rejected = Self.csv + "No Email,,4,,,,,,,,\n"
    let source = SourceConfig(name: "hr", kind: .csv)
    let snapshot = Array(rejected.utf8).withUnsafeBytes {
      SnapshotReader.readCSV($0, source: source, customFields: ["Cost Center"], file: "hr.csv")
    }
    #expect(snapshot.rejected.count == 1)
    var bytes: [UInt8] = []
    #expect(!snapshot.archive(into: &bytes))
    #expect(bytes.isEmpty)
  }
}
