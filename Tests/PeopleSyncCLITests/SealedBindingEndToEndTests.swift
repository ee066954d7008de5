import Foundation
import TestSupport
import Testing

/// Sealed data opens only where it was written: a blob copied to another tenant, person or source
/// is refused, and nothing in a blob's header ever becomes a file path.
@Suite("sealed blobs bound to where they belong", .serialized)
struct SealedBindingEndToEndTests {
  /// acme (encrypted, ingested and synced) and a second encrypted tenant, `rival`, with the same
  /// configuration and no snapshot yet: the customer who wants acme's people.
  static func twoTenants() throws -> TemporaryRepository {
    let repo = try EncryptionEndToEndTests.encryptedRepository()
    try repo.copyFolder(Paths.packageRoot.appendingPathComponent("tenants/acme/tenant.json"), to: "tenants/rival/tenant.json")
    try repo.commitAll("Add rival")
    try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    return repo
  }

  /// The stored bytes of `path` at `main`.
  static func storedBytes(_ repo: TemporaryRepository, _ path: String) throws -> Data {
    let result = try Shell.run(["sh", "-c", "git cat-file blob main:\(path) | base64 -w0"], in: repo.path)
    #expect(result.status == 0, "\(result.transcript)")
    return Data(base64Encoded: result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))!
  }

  /// A pull-request branch `branch` off main with `changes` written, and its head.
  static func pullRequest(_ repo: TemporaryRepository, _ changes: [String: Data], branch: String = "pr") throws -> String {
    let main = try repo.head()
    try repo.git(["checkout", "-q", "-b", branch])
    for (path, bytes) in changes { try repo.write(path, bytes) }
    try repo.git(["add", "-A"])
    try repo.git(["commit", "-q", "-m", "pull request"])
    let head = try repo.git(["rev-parse", "HEAD"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    try repo.git(["checkout", "-q", "main"])
    #expect(try repo.head() == main)
    return head
  }

  @Test("acme's sealed snapshot copied into another tenant: the preview, the sync and the plan refuse it, and show none of acme's people")
  func snapshotCopiedToAnotherTenant() throws {
    let repo = try Self.twoTenants()
    let acme = try Self.storedBytes(repo, "tenants/acme/sources/hr.csv")
    // A rule added in the same pull request would tell, by its count, who matches it.
    var config = try String(contentsOf: Paths.packageRoot.appendingPathComponent("tenants/acme/tenant.json"), encoding: .utf8)
    config = config.replacingOccurrences(
      of: "\"rules\": [",
      with:
        "\"rules\": [{ \"name\": \"oracle\", \"when\": { \"field\": \"title\", \"contains\": \"Engineer\" }, \"then\": [{ \"addToGroup\": \"o\" }] },"
    )
    let head = try Self.pullRequest(repo, ["tenants/rival/sources/hr.csv": acme, "tenants/rival/tenant.json": Data(config.utf8)])
    let names = ["Grace", "Hopper", "Turing", "acme.example", "oracle"]

    let preview = try repo.peoplesync(["plan", "--base", "main", "--head", head, "--as-of", "2026-11-30"])
    #expect(preview.status != 0 && preview.status != 1, "\(preview.transcript)")
    #expect(preview.stderr.contains("sealed for another tenant"), "\(preview.transcript)")
    #expect(!names.contains { preview.stdout.contains($0) }, "\(preview.stdout)")

    // Merged as is: the sync refuses too, commits nothing, and leaves no parsed copy behind.
    try repo.git(["merge", "-q", "--ff-only", head])
    let merged = try repo.head()
    for command in [["plan", "--tenant", "rival", "--as-of", "2026-11-30"], ["sync", "--tenant", "rival", "--as-of", "2026-11-30"]] {
      let result = try repo.peoplesync(command)
      #expect(result.status == 7, "\(result.transcript)")
      #expect(result.stderr.contains("sealed for another tenant"), "\(result.transcript)")
      #expect(!names.contains { result.stdout.contains($0) }, "\(result.stdout)")
    }
    #expect(try repo.head() == merged)
    let cached = (try? FileManager.default.contentsOfDirectory(atPath: repo.path + "/.git/peoplesync/snapshots")) ?? []
    #expect(!cached.contains { $0.hasPrefix("rival.") }, "a parsed copy of the rival's snapshot: \(cached)")
    try repo.expectFsck()
  }

  @Test("a sealed snapshot moved to another source of its tenant, or an entry to another person's path, does not open")
  func movedWithinTheTenant() throws {
    let repo = try EncryptionEndToEndTests.encryptedRepository()
    let listing = try repo.git(["ls-tree", "-r", "--name-only", "main", "tenants/acme/directory/people"]).stdout
    let entries = listing.split(separator: "\n").map(String.init)
    #expect(entries.count > 3)
    let other = try Self.storedBytes(repo, entries[1])
    var config = try String(contentsOf: Paths.packageRoot.appendingPathComponent("tenants/acme/tenant.json"), encoding: .utf8)
    config = config.replacingOccurrences(of: "{ \"name\": \"okta\", \"kind\": \"scim\" }", with: "{ \"name\": \"hr2\", \"kind\": \"csv\" }")
    let snapshot = try Self.storedBytes(repo, "tenants/acme/sources/hr.csv")
    let swapped = try Self.pullRequest(repo, [entries[0]: other], branch: "swap")
    let diff = try repo.peoplesync(["diff", "main", swapped])
    #expect(diff.status != 0 && diff.status != 1, "\(diff.transcript)")
    #expect(diff.stderr.contains("sealed for another person"), "\(diff.transcript)")
    let moved = try Self.pullRequest(
      repo, ["tenants/acme/tenant.json": Data(config.utf8), "tenants/acme/sources/hr2.csv": snapshot], branch: "move")
    let preview = try repo.peoplesync(["plan", "--base", "main", "--head", moved, "--as-of", "2026-11-30"])
    #expect(preview.status != 0 && preview.status != 1, "\(preview.transcript)")
    #expect(preview.stderr.contains("sealed for another source"), "\(preview.transcript)")
  }

  @Test("a header naming a tenant like '../../x' never becomes a path: no lock or key file outside the keystore")
  func headerTenantIsNoPath() throws {
    let repo = try Self.twoTenants()
    var bytes = [UInt8](try Self.storedBytes(repo, "tenants/acme/sources/hr.csv"))
    // 0x00 "PSE" version | kind | tenant length, tenant | ...: swap the tenant for a path.
    let length = Int(bytes[6])
    let escape = Array("../../../escaped-by-header".utf8)
    bytes.replaceSubrange(7..<(7 + length), with: escape)
    bytes[6] = UInt8(escape.count)
    let head = try Self.pullRequest(repo, ["tenants/rival/sources/hr.csv": Data(bytes)])
    try repo.git(["merge", "-q", "--ff-only", head])
    let blobFile = repo.folder.url.appendingPathComponent("crafted.bin").path
    try Data(bytes).write(to: URL(fileURLWithPath: blobFile))
    for command in [
      ["plan", "--base", "main~1", "--head", head, "--as-of", "2026-11-30"], ["sync", "--as-of", "2026-11-30"], ["textconv", blobFile],
    ] {
      let result = try repo.peoplesync(command)
      #expect(result.status != 0, "\(command): \(result.transcript)")
    }
    // The keystore is <repo>/.git/peoplesync/keys: "../../.." from there is the repository's folder.
    let found = try Shell.run(["find", repo.folder.path, "-name", "escaped-by-header*"], in: repo.path)
    #expect(found.stdout.isEmpty, "files named from a blob header: \(found.stdout)")
  }
}
