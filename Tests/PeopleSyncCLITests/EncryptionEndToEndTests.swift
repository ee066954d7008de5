import Foundation
import PeopleSyncCore
import TestSupport
import Testing

/// Encryption at rest, checked from the outside: every object git holds, and the tools with and without keys.
@Suite("encryption end to end", .serialized)
struct EncryptionEndToEndTests {
  static let acmeCSV = Paths.packageRoot.appendingPathComponent("tenants/acme/sources/hr.csv")

  /// An encrypted tenant whose snapshots only ever arrived through `ingest`.
  static func encryptedRepository(bare: Bool = false) throws -> TemporaryRepository {
    let repo = try TemporaryRepository(bare: bare)
    try repo.copyFolder(Paths.packageRoot.appendingPathComponent("tenants/acme/tenant.json"), to: "tenants/acme/tenant.json")
    try repo.commitAll("Add acme")
    let file = try repo.scratchFile("people_report_2026-11-29.csv", try String(contentsOf: acmeCSV, encoding: .utf8))
    try repo.expectRun(["ingest", "--tenant", "acme", "--file", file])
    try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    return repo
  }

  /// The acme rows, header first, from the example file (a BOM and CRLF line ends).
  static func acmeRows() throws -> [String] {
    try String(contentsOf: acmeCSV, encoding: .utf8).replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: "\r\n")
      .filter { !$0.isEmpty }
  }

  /// What must never be readable in git: names, emails, Employee IDs, titles, custom values.
  static func personalStrings() throws -> [String] {
    let table = try CSVParser.parse(try [UInt8](Data(contentsOf: acmeCSV))).get()
    var values = Set<String>()
    for record in 1..<table.recordCount {
      let fields = table.record(record)
      for column in [0, 1, 2, 4, 10, 11, 12] where fields[column].count >= 5 { values.insert(fields[column]) }
      values.insert(fields[0].components(separatedBy: " ").last!)
    }
    return values.filter { $0.count >= 5 }.sorted()
  }

  /// Everything the repository holds, all of history: every blob and commit as git stores it,
  /// and every path of every tree. Trees are read as names, not raw: a raw tree puts binary
  /// object ids before file modes, and an id ending in "A" before "100644" spells "A10064",
  /// which a search for the Employee ID "A1006" would find in about one run in ten.
  static func allObjects(_ repo: TemporaryRepository) throws -> Data {
    let script = """
      git cat-file --batch-all-objects --batch-check='%(objectname) %(objecttype)' | grep -v ' tree$' | cut -d' ' -f1 \
        | git cat-file --batch && git rev-list --all --objects
      """
    let result = try Shell.run(["sh", "-c", script], in: repo.path)
    #expect(result.status == 0, "\(result.transcript)")
    #expect(result.stdout.utf8.count > 20_000, "the search must see what the repository holds")
    return Data(result.stdout.utf8)
  }

  static func found(_ needles: [String], in haystack: Data) -> [String] {
    needles.filter { haystack.range(of: Data($0.utf8)) != nil }
  }

  @Test("no name, email, Employee ID, title or custom value is readable in any object of history; purged people stay unreadable")
  func nothingInClear() throws {
    let repo = try Self.encryptedRepository()
    let day1 = try repo.head()
    var rows = try Self.acmeRows()
    rows[2] = rows[2].replacingOccurrences(of: "Sales Engineer", with: "Principal Sales Engineer")  // Grace Hopper
    rows.remove(at: 3)  // Alan Turing leaves
    let day2File = try repo.scratchFile("people_report_2026-11-30.csv", rows.joined(separator: "\r\n") + "\r\n")
    try repo.expectRun(["ingest", "--tenant", "acme", "--file", day2File])
    let sync2 = try repo.expectRun(["sync", "--as-of", "2026-11-30"])
    // Alan's reports lose their manager too: 7 updated.
    #expect(sync2.stdout.contains("7 updated, 1 deprovisioned"), "\(sync2.stdout)")
    let day2 = try repo.head()
    let purge = try repo.expectRun(["sync", "--as-of", "2026-12-20"])
    #expect(purge.stdout.contains("1 purged"), "\(purge.stdout)")
    try repo.expectFsck()

    let objects = try Self.allObjects(repo)
    // The configuration is plain text by design (reviewed in pull requests), and its rules
    // may name a department or a custom value: what it holds is not looked for.
    let config = try String(contentsOf: Paths.packageRoot.appendingPathComponent("tenants/acme/tenant.json"), encoding: .utf8)
    let needles = try Self.personalStrings().filter { !config.contains($0) }
    #expect(needles.count > 100)
    #expect(Self.found(needles, in: objects).isEmpty, "readable in git: \(Self.found(needles, in: objects))")
    #expect(objects.range(of: Data("Software Engineer".utf8)) == nil)

    // With the keystore, the tools read everyone but the purged person.
    let alan = try repo.expectRun(["log", "--tenant", "acme", "--person", "A1002"]).stdout
    #expect(alan.contains("erased") && alan.contains("purge"))
    #expect(!alan.contains("Alan") && !alan.contains("alan.turing") && !alan.contains("Turing"), "\(alan)")
    let grace = try repo.expectRun(["log", "--tenant", "acme", "--person", "grace.hopper@acme.example"]).stdout
    #expect(grace.contains("title: Sales Engineer → Principal Sales Engineer"), "\(grace)")
    let diff = try repo.expectRun(["diff", day1, day2]).stdout
    #expect(diff.contains("Principal Sales Engineer") && diff.contains("erased") && !diff.contains("Turing"), "\(diff)")

    // Plain git, through the textconv driver, says the same.
    try repo.git([
      "config", "diff.peoplesync.textconv", "env XDG_CONFIG_HOME=\(repo.environment["XDG_CONFIG_HOME"]!) \(Paths.peoplesync) textconv",
    ])
    try repo.write(".git/info/attributes", "tenants/*/directory/** diff=peoplesync\ntenants/*/sources/* diff=peoplesync\n")
    let gitLog = try repo.git(["log", "-p", "--", "tenants/acme"]).stdout
    #expect(gitLog.contains("\"title\": \"Principal Sales Engineer\""))
    #expect(gitLog.contains("(erased:"))
    #expect(!gitLog.contains("Turing"))
  }

  @Test("a sync with no changes writes no object, and the second sync commits nothing")
  func noChangeWritesNothing() throws {
    let repo = try Self.encryptedRepository(bare: true)
    let head = try repo.head()
    let before = try repo.git(["count-objects", "-v"]).stdout
    let again = try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    #expect(again.stdout.contains("no changes"))
    #expect(try repo.head() == head)
    #expect(try repo.git(["count-objects", "-v"]).stdout == before)
    try repo.expectRun(["replay", head])
  }

  @Test("wrong master key, missing keystore, truncated keystore, damaged ciphertext: clear errors, nothing changed")
  func keyFailures() throws {
    let repo = try Self.encryptedRepository()
    let head = try repo.head()
    let keystore = URL(fileURLWithPath: repo.path).appendingPathComponent(".git/peoplesync/keys")
    let keyFile = keystore.appendingPathComponent("acme.keys")
    let keyBytes = try Data(contentsOf: keyFile)
    func expectRefused(_ environment: [String: String], _ words: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
      for command in [["plan", "--as-of", "2026-11-30"], ["sync", "--as-of", "2026-11-30"]] {
        let result = try repo.peoplesync(command, environment: environment)
        #expect(result.status == 7, "\(result.transcript)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(words), "\(result.transcript)", sourceLocation: sourceLocation)
      }
      #expect(try repo.head() == head, sourceLocation: sourceLocation)
      #expect(try Data(contentsOf: keyFile) == keyBytes, "the keystore is untouched", sourceLocation: sourceLocation)
    }
    try expectRefused(["PEOPLESYNC_MASTER_KEY": String(repeating: "01", count: 32)], "master key does not open")
    let empty = try TemporaryDirectory()
    try expectRefused(["PEOPLESYNC_KEYSTORE": empty.path, "PEOPLESYNC_MASTER_KEY": String(repeating: "01", count: 32)], "no key for")
    try keyBytes.prefix(keyBytes.count / 2).write(to: keyFile)
    for command in [["plan", "--as-of", "2026-11-30"], ["validate"]] {
      let result = try repo.peoplesync(command)
      #expect(result.status == 7 && result.stderr.contains("damaged"), "\(result.transcript)")
    }
    try keyBytes.write(to: keyFile)

    // A sealed entry altered in a commit: the sync that would read it stops.
    let entry = try #require(
      try repo.git(["ls-tree", "-r", "--name-only", "HEAD", "tenants/acme/directory/people"]).stdout.split(separator: "\n").first)
    let hash = try repo.git(["rev-parse", "HEAD:\(entry)"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    var sealed = [UInt8](try Data(repo.git(["cat-file", "blob", hash]).stdout.utf8))
    _ = sealed  // the blob is binary; write it through a file instead of stdout text
    let raw = try Shell.run(["sh", "-c", "git cat-file blob \(hash) > /tmp/peoplesync-sealed-\(hash)"], in: repo.path)
    #expect(raw.status == 0)
    sealed = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "/tmp/peoplesync-sealed-\(hash)")))
    sealed[sealed.count - 5] ^= 0x55
    try Data(sealed).write(to: URL(fileURLWithPath: repo.path).appendingPathComponent(String(entry)))
    let damaged = try repo.commitAll("Alter an entry")
    var rows = try Self.acmeRows()
    rows = rows.map { $0.replacingOccurrences(of: ",Full-time,", with: ",Permanent,") }
    try repo.expectRun([
      "ingest", "--tenant", "acme", "--file", try repo.scratchFile("changed.csv", rows.joined(separator: "\r\n") + "\r\n"),
    ])
    let ingested = try repo.head()
    let sync = try repo.peoplesync(["sync", "--as-of", "2026-11-30"])
    #expect(sync.status == 7 && sync.stderr.contains("cannot decrypt"), "\(sync.transcript)")
    #expect(try repo.head() == ingested)
    #expect(damaged != ingested)
  }

  @Test("a plain tenant is converted by 'encrypt' in one commit, then syncs as before")
  func migration() throws {
    let repo = try TemporaryRepository.withExamples(tenants: ["globex"])
    try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    let config = try String(contentsOf: Paths.packageRoot.appendingPathComponent("tenants/globex/tenant.json"), encoding: .utf8)
    try repo.write("tenants/globex/tenant.json", config.replacingOccurrences(of: "\"enabled\": false", with: "\"enabled\": true"))
    try repo.commitAll("Turn encryption on for globex")
    let blocked = try repo.peoplesync(["sync", "--as-of", "2026-11-29"])
    #expect(blocked.status == 3 && blocked.stdout.contains("peoplesync encrypt --tenant globex"), "\(blocked.transcript)")

    let converted = try repo.expectRun(["encrypt", "--tenant", "globex"])
    #expect(converted.stdout.contains("encrypted globex: 8 entries and 1 snapshots"), "\(converted.stdout)")
    try repo.expectFsck()
    #expect(try repo.git(["log", "-1", "--format=%(trailers:key=PeopleSync-Migration,valueonly)"]).stdout.contains("encryption"))
    let after = try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    #expect(after.stdout.contains("no changes"), "\(after.stdout)")
    // The tree at HEAD holds nothing readable; the commits before it still do, as the note says.
    let tree = try repo.git(["ls-tree", "-r", "HEAD", "tenants/globex"]).stdout.split(separator: "\n")
    for line in tree where !line.hasSuffix("tenant.json") {
      let hash = String(line.split(separator: " ")[2].prefix(40))
      let blob = try repo.git(["cat-file", "-p", hash]).stdout
      #expect(!blob.contains("Grimes") && !blob.contains("globex.example"), "\(line)")
    }
    let log = try repo.expectRun(["log", "--tenant", "globex", "--person", "G002"]).stdout
    #expect(log.contains("Safety Inspector"))
    try repo.expectRun(["encrypt", "--tenant", "globex"])
  }

  @Test("rotating the master key keeps everything readable with the new key only")
  func rotation() throws {
    let repo = try Self.encryptedRepository()
    let newKey = try repo.folder.write("new.key", String(repeating: "5a", count: 32) + "\n").path
    let rotated = try repo.expectRun(["keys", "rotate-master", "--new-master-key-file", newKey])
    #expect(rotated.stdout.contains("re-sealed the keys of 1 tenant"))
    #expect(
      !FileManager.default.fileExists(atPath: "\(repo.path)/.git/peoplesync/keys/acme.entries"), "nothing left sealed with the old key")
    let status = try repo.expectRun(["keys", "status"]).stdout
    #expect(status.contains("acme: 36 person keys"), "\(status)")
    try repo.expectRun(["plan", "--as-of", "2026-11-29", "--exit-code"])
    let old = try repo.peoplesync(
      ["plan", "--as-of", "2026-11-29"], environment: ["PEOPLESYNC_MASTER_KEY": String(repeating: "00", count: 32)])
    #expect(old.status == 7)
  }

  @Test("snapshot keys outlive their snapshot by the replay window, then go; replaying an older sync says so")
  func snapshotRetention() throws {
    let repo = try Self.encryptedRepository()
    let firstSync = try repo.head()
    try repo.expectRun(["replay", firstSync])
    var rows = try Self.acmeRows()
    rows[2] = rows[2].replacingOccurrences(of: "Sales Engineer", with: "Sales Lead")
    try repo.expectRun(["ingest", "--tenant", "acme", "--file", try repo.scratchFile("next.csv", rows.joined(separator: "\r\n") + "\r\n")])
    // The first sync after the new snapshot notes the old one replaced; 14 days (the quarantine) later its key goes.
    try repo.expectRun(["sync", "--as-of", "2027-03-01"])
    try repo.expectRun(["replay", firstSync])
    try repo.expectRun(["sync", "--as-of", "2027-03-15"])
    let replay = try repo.peoplesync(["replay", firstSync])
    #expect(replay.status == 7 && replay.stderr.contains("erased"), "\(replay.transcript)")
    try repo.expectRun(["replay", try repo.head()])
    #expect(try repo.expectRun(["keys", "status"]).stdout.contains("1 snapshot keys, 1 expired"))
  }

  @Test("the master key is generated outside the repository: a copy of the repository alone decrypts nothing; one left inside is refused")
  func masterKeyOutsideTheRepository() throws {
    let repo = try Self.encryptedRepository()
    let inside = try Shell.run(["find", repo.path, "-name", "master.key"], in: repo.path).stdout
    #expect(inside.isEmpty, "a master key inside the repository: \(inside)")
    let mode = try FileManager.default.attributesOfItem(atPath: repo.masterKeyFile.path)[.posixPermissions] as? Int
    #expect(mode == 0o600)

    // The repository copied whole, .git and keystore included, by someone without the master key.
    let copy = try TemporaryDirectory()
    try Shell.run(["cp", "-a", repo.path, copy.path + "/repo"], in: copy.path)
    let stranger = ["XDG_CONFIG_HOME": copy.path + "/config"]
    for command in [["plan", "--as-of", "2026-11-29"], ["log", "--tenant", "acme", "--person", "A1001"]] {
      let result = try Shell.run([Paths.peoplesync] + command + ["--repo", copy.path + "/repo"], in: copy.path, environment: stranger)
      #expect(result.status == 7 && result.stderr.contains("no master key"), "\(command): \(result.transcript)")
      #expect(!result.stdout.contains("Hopper"), "\(result.stdout)")
    }
    #expect(!FileManager.default.fileExists(atPath: copy.path + "/config/peoplesync/master.key"), "no new key over existing keys")

    // A key where earlier versions put it, inside the repository, is refused with how to move it.
    let legacy = repo.path + "/.git/peoplesync/keys/master.key"
    try FileManager.default.moveItem(atPath: repo.masterKeyFile.path, toPath: legacy)
    let refused = try repo.peoplesync(["plan", "--as-of", "2026-11-29"])
    #expect(
      refused.status == 7 && refused.stderr.contains("inside the repository") && refused.stderr.contains("mv "), "\(refused.transcript)")
    let named = try repo.peoplesync(["plan", "--as-of", "2026-11-29"], environment: ["PEOPLESYNC_MASTER_KEY_FILE": legacy])
    #expect(named.status == 7 && named.stderr.contains("inside the repository"), "\(named.transcript)")
    try FileManager.default.moveItem(atPath: legacy, toPath: repo.masterKeyFile.path)
    try repo.expectRun(["plan", "--as-of", "2026-11-29"])
  }
}
