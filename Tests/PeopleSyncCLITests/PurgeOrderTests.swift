import Foundation
import GitKit
import PeopleSyncCore
import TestSupport
import Testing

@testable import PeopleSyncApp

/// Keys are destroyed after the purge that needs it is published, never before: in-process, so a
/// sync can be stopped between publishing and destroying, or made to lose the race to publish.
@Suite("purge keys destroyed after publishing", .serialized)
struct PurgeOrderTests {
  /// acme encrypted and synced, then Alan Turing (A1002) leaves on 2026-11-30: his purge is due
  /// after acme's 14-day quarantine.
  static func alanLeft() throws -> TemporaryRepository {
    let repo = try EncryptionEndToEndTests.encryptedRepository()
    var rows = try EncryptionEndToEndTests.acmeRows()
    rows.removeAll { $0.contains("A1002") }
    try repo.expectRun(["ingest", "--tenant", "acme", "--file", try repo.scratchFile("d2.csv", rows.joined(separator: "\r\n") + "\r\n")])
    try repo.expectRun(["sync", "--as-of", "2026-11-30"])
    return repo
  }

  /// The stored keys of acme, and Alan's id.
  static func keys(_ repo: TemporaryRepository) throws -> (keys: TenantKeys, alan: PersonID) {
    let master = try #require(DataProtection.parseKey([UInt8](try Data(contentsOf: repo.masterKeyFile))))
    let store = LocalKeystore(folder: URL(fileURLWithPath: repo.path).appendingPathComponent(".git/peoplesync/keys"), masterKey: master)
    let keys = try #require(try store.load("acme"))
    return (keys, KeyedPersonIdentifier(secret: keys.secret).id(for: .employeeID("A1002"), tenant: "acme"))
  }

  /// Plans and writes the sync of 2026-12-20 in this process (Alan's purge), without publishing it.
  static func preparePurge(_ repo: TemporaryRepository) throws -> (PreparedSync, Repository, DataProtection, ObjectID) {
    let settings = Settings(keys: KeyConfiguration(userMasterKeyFile: repo.masterKeyFile.path))
    let repository = try Repository.open(at: repo.path)
    let head = try #require(try repository.referenceTarget("refs/heads/main"))
    let run = SyncRun(
      app: AppContext(repository: repository, settings: settings), tenant: "acme", branch: "refs/heads/main",
      request: SyncRequest(asOf: Day("2026-12-20"), overrideSafeguard: false, lookForUnchanged: false))
    let protection = run.protection
    let preparation = try run.prepare(try run.read(at: head), asOf: try #require(Day("2026-12-20")))
    guard case .prepared(let prepared) = preparation else { throw TestFailure("nothing to commit on 2026-12-20") }
    #expect(prepared.plan.changes.filter { $0.kind == .purge }.count == 1, "\(prepared.plan.changes)")
    return (prepared, repository, protection, head)
  }

  @Test("a sync that loses the race to publish destroys no key: Alan, back in the feed meanwhile, is reactivated whole, not erased")
  func lostRaceDestroysNothing() throws {
    let repo = try Self.alanLeft()
    let (_, _, protection, _) = try Self.preparePurge(repo)
    protection.release("acme")
    // Before that sync publishes, the feed brings Alan back: its compare-and-swap would fail.
    let rows = try EncryptionEndToEndTests.acmeRows()
    try repo.expectRun(["ingest", "--tenant", "acme", "--file", try repo.scratchFile("d3.csv", rows.joined(separator: "\r\n") + "\r\n")])
    let (keys, alan) = try Self.keys(repo)
    #expect(keys.personKey(alan) != nil, "Alan's key was destroyed by a sync that published nothing")
    let sync = try repo.expectRun(["sync", "--as-of", "2026-12-20"])
    #expect(sync.stdout.contains("1 reactivated"), "\(sync.transcript)")
    let log = try repo.expectRun(["log", "--tenant", "acme", "--person", "A1002"]).stdout
    #expect(log.contains("Alan Turing") && !log.contains("erased"), "\(log)")
    try repo.expectFsck()
  }

  @Test("a sync stopped after publishing its purge, before destroying the key: the next sync destroys it")
  func stoppedAfterPublishing() throws {
    let repo = try Self.alanLeft()
    let (prepared, repository, protection, head) = try Self.preparePurge(repo)
    let commit = try repository.createCommit(
      tree: prepared.tree, parents: [head], message: prepared.message(nil), author: ("test", "test@example.com"), time: 1_797_000_000)
    try repository.updateReference("refs/heads/main", to: commit, expected: head, logMessage: "published, then stopped")
    protection.release("acme")
    #expect(try Self.keys(repo).keys.personKey(try Self.keys(repo).alan) != nil, "the purge is published, its key not destroyed yet")

    let next = try repo.expectRun(["sync", "--as-of", "2026-12-21"])
    #expect(next.stdout.contains("no changes"), "\(next.transcript)")
    let (keys, alan) = try Self.keys(repo)
    #expect(keys.personKey(alan) == nil && keys.erased.contains(alan) && keys.pendingPurges.isEmpty)
    let log = try repo.expectRun(["log", "--tenant", "acme", "--person", "A1002"]).stdout
    #expect(log.contains("erased") && !log.contains("Turing"), "\(log)")
  }
}
