import Foundation
import TestSupport
import Testing

/// The sealed-entry cache beside the keys saves an encrypted tenant from sealing every entry
/// again on each sync; it must never change what a plan says.
@Suite("sealed-entry cache")
struct EntryCacheTests {
  static func cacheFile(_ repo: TemporaryRepository) -> String { "\(repo.path)/peoplesync/keys/acme.entries" }

  static func plan(_ repo: TemporaryRepository, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    try repo.expectRun(["plan", "--as-of", "2026-11-30", "--format", "json"], sourceLocation: sourceLocation).stdout
  }

  @Test("without the cache, with a damaged one, or with one from a later commit, the plan is the same")
  func onlySavesTime() throws {
    let repo = try EncryptionEndToEndTests.encryptedRepository(bare: true)
    let cache = Self.cacheFile(repo)
    #expect(FileManager.default.fileExists(atPath: cache), "the first sync records what it sealed")
    var rows = try EncryptionEndToEndTests.acmeRows()
    rows[2] = rows[2].replacingOccurrences(of: "Sales Engineer", with: "Sales Lead")
    rows[3] = rows[3].replacingOccurrences(of: "Recruiter", with: "Senior Recruiter")
    rows.removeLast()
    try repo.expectRun(["ingest", "--tenant", "acme", "--file", try repo.scratchFile("next.csv", rows.joined(separator: "\r\n") + "\r\n")])
    let before = try repo.head()

    let reference = try Self.plan(repo)
    #expect(reference.contains("Sales Lead") && reference.contains("Senior Recruiter"))

    try FileManager.default.removeItem(atPath: cache)
    #expect(try Self.plan(repo) == reference, "no cache")

    try Data("not a cache".utf8).write(to: URL(fileURLWithPath: cache))
    #expect(try Self.plan(repo) == reference, "a damaged cache is ignored")

    // A sync records the entries it wrote; from the commit before it, those records name blobs
    // that are not committed there, and must not be taken for the committed ones.
    try repo.expectRun(["sync", "--as-of", "2026-11-30"])
    try repo.git(["update-ref", "refs/heads/main", before])
    #expect(try Self.plan(repo) == reference, "records of a later commit")
    try repo.expectRun(["sync", "--as-of", "2026-11-30"])
    try repo.expectFsck()
  }

  @Test("the cache holds no personal data in clear, and forgets a purged person")
  func sealedAndForgetting() throws {
    let repo = try EncryptionEndToEndTests.encryptedRepository()
    let cache = "\(repo.path)/.git/peoplesync/keys/acme.entries"
    let bytes = try Data(contentsOf: URL(fileURLWithPath: cache))
    #expect(EncryptionEndToEndTests.found(try EncryptionEndToEndTests.personalStrings(), in: bytes).isEmpty)
    #expect(!bytes.isEmpty)

    // Grace leaves the feed; after the quarantine she is purged, and the cache is rewritten without her.
    var rows = try EncryptionEndToEndTests.acmeRows()
    rows.remove(at: 2)
    try repo.expectRun(["ingest", "--tenant", "acme", "--file", try repo.scratchFile("next.csv", rows.joined(separator: "\r\n") + "\r\n")])
    try repo.expectRun(["sync", "--as-of", "2026-11-30"])
    try repo.expectRun(["sync", "--as-of", "2026-12-30"])
    let log = try repo.expectRun(["log", "--tenant", "acme", "--person", "A1001"])
    #expect(log.stdout.contains("erased"), "\(log.transcript)")
    // One record per person who still has a key: the sealed file's header (magic, key check, nonce,
    // chunk size, chunk count, length) and its one chunk's tag, a count, 56 bytes each.
    let status = try repo.expectRun(["keys", "status"]).stdout
    let keys = try #require(Self.number(before: " person keys", in: status), "\(status)")
    #expect(Self.number(before: " erased", in: status) == 1, "\(status)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: cache)).count == 5 + 16 + 24 + 24 + 16 + 8 + 56 * keys, "her record is gone")
  }

  static func number(before marker: String, in text: String) -> Int? {
    guard let range = text.range(of: marker) else { return nil }
    return Int(String(text[..<range.lowerBound].reversed().prefix { $0.isNumber }.reversed()))
  }
}
