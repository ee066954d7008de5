import Foundation
import PeopleSyncCore
import TestSupport
import Testing

@testable import PeopleSyncApp

/// A sync destroys a purged person's key only once its commit is published: a sync that loses the
/// race to publish destroys nothing, and one stopped after publishing has its purge finished by the
/// next sync. A key lost without its commit (damage, an older version) is handled too.
@Suite("Interrupted purge")
struct InterruptedPurgeTests {
  @Test("an entry whose key is already gone is purged by the next sync")
  func finishesThePurge() throws {
    let repo = try TemporaryRepository()
    try repo.copyFolder(Paths.packageRoot.appendingPathComponent("tenants/acme/tenant.json"), to: "tenants/acme/tenant.json")
    try repo.commitAll("Add acme")
    let csv = try String(contentsOf: Paths.packageRoot.appendingPathComponent("tenants/acme/sources/hr.csv"), encoding: .utf8)
    let ingest = try repo.peoplesync(["ingest", "--tenant", "acme", "--file", try repo.folder.write("d1.csv", csv).path])
    #expect(ingest.status == 0, "\(ingest.transcript)")
    #expect(try repo.peoplesync(["sync", "--as-of", "2026-11-29"]).status == 0)

    // Destroy one person's key the way a purge does, without the commit that would follow.
    let folder = URL(fileURLWithPath: repo.path).appendingPathComponent(".git/peoplesync/keys")
    let master = try #require(DataProtection.parseKey([UInt8](try Data(contentsOf: repo.masterKeyFile))))
    let store = LocalKeystore(folder: folder, masterKey: master)
    let keys = try #require(try store.load("acme"))
    let grace = KeyedPersonIdentifier(secret: keys.secret).id(for: .employeeID("A1001"), tenant: "acme")
    keys.destroyPerson(grace)
    try store.save(keys)

    let plan = try repo.peoplesync(["plan", "--as-of", "2026-11-30", "--format", "json"])
    let changes = try #require(
      (try json(plan.stdout)["tenants"] as? [[String: Any]])?.first?["changes"] as? [[String: Any]], "\(plan.transcript)")
    #expect(
      changes.contains { $0["id"] as? String == grace.hex && $0["kind"] as? String == "provision" },
      "she is still in the feed: provisioned again")
    let sync = try repo.peoplesync(["sync", "--as-of", "2026-11-30"])
    #expect(sync.status == 0 && sync.stdout.contains("1 provisioned"), "\(sync.transcript)")
    let log = try repo.peoplesync(["log", "--tenant", "acme", "--person", "A1001"])
    #expect(log.stdout.contains("erased"), "\(log.transcript)")
  }
}
