import Foundation
import PeopleSyncCore
import TestSupport
import Testing

/// A purge in a plain tenant leaves nothing of the person at the branch head: their SCIM users'
/// files go, and so do they from groups' members; a running server stops serving them.
@Suite("purge of a plain SCIM tenant end to end", .serialized)
struct SCIMPlainPurgeEndToEndTests {
  static let ada = SCIMSealedEndToEndTests.ada.replacingOccurrences(of: "sealedco", with: "scimco")
  static let grace = SCIMSealedEndToEndTests.grace.replacingOccurrences(of: "sealedco", with: "scimco")

  @Test("purged: no file, group member or blob at HEAD holds Ada, the running server no longer serves her, Grace is untouched")
  func purgeLeavesNothingAtHead() throws {
    let server = try SCIMServer()
    defer { server.stop() }
    let repository = server.repository
    let client = server.client("scimco")
    var commits = try repository.commitCount()
    let ada = try SCIMSealedEndToEndTests.created(try client.send("POST", "/Users", body: Self.ada))
    let grace = try SCIMSealedEndToEndTests.created(try client.send("POST", "/Users", body: Self.grace))
    let group = try SCIMSealedEndToEndTests.created(
      try client.send(
        "POST", "/Groups",
        body: #"{"displayName": "Analysts", "members": [{"value": "\#(ada)", "display": "Ada Lovelace"}, {"value": "\#(grace)"}]}"#))
    try SCIMSealedEndToEndTests.waitForSync(server, after: commits, tenant: "scimco")
    commits = try repository.commitCount()
    let off = try client.send("PATCH", "/Users/\(ada)", body: #"{"Operations": [{"op": "replace", "value": {"active": false}}]}"#)
    #expect(off.status == 200, "\(off.body)")
    try SCIMSealedEndToEndTests.waitForSync(server, after: commits, tenant: "scimco")

    let later = try #require(Day(SCIMServeEndToEndTests.today)).adding(days: 8).description
    let purge = try repository.expectRun(["sync", "--tenant", "scimco", "--as-of", later])
    #expect(purge.stdout.contains("1 purged"), "\(purge.transcript)")
    let files = try repository.git(["ls-tree", "-r", "--name-only", "main", "tenants/scimco/sources"]).stdout
    #expect(!files.contains(ada) && files.contains(grace), "\(files)")
    for personal in ["Lovelace", "ada.lovelace", "SC-1815", "Augusta", "Engine Programmer"] {
      let found = try repository.git(["grep", "-l", personal, "main", "--", "tenants/scimco"], check: false).stdout
      #expect(found.isEmpty, "\(personal) at HEAD in \(found)")
    }
    let stored = try #require(try repository.show("main", try SCIMPlainPurgeEndToEndTests.groupPath(repository, group)))
    #expect(!stored.contains(ada) && stored.contains(grace), "\(stored)")
    try repository.expectFsck()

    // The server, running beside the sync, noticed: Ada is gone, the group no longer lists her.
    #expect(try client.send("GET", "/Users/\(ada)").status == 404)
    let served = try client.send("GET", "/Groups/\(group)").body
    #expect(!served.contains(ada) && served.contains(grace), "\(served)")
    #expect(try client.send("GET", "/Users/\(grace)").status == 200)
    // A later write to the group does not bring her back.
    let renamed = try client.send(
      "PATCH", "/Groups/\(group)", body: #"{"Operations": [{"op": "replace", "path": "displayName", "value": "Analysts (EMEA)"}]}"#)
    #expect(renamed.status == 200 && !renamed.body.contains(ada), "\(renamed.body)")
    // Acknowledged means committed: the group file at main is the one just written.
    let rewritten = try #require(try repository.show("main", try SCIMPlainPurgeEndToEndTests.groupPath(repository, group)))
    #expect(!rewritten.contains(ada) && rewritten.contains("Analysts (EMEA)"), "\(rewritten)")

    // validate says that history, unlike the head, still holds her.
    let validate = try repository.expectRun(["validate", "--tenant", "scimco"])
    #expect(validate.stdout.contains("encryption is off") && validate.stdout.contains("peoplesync encrypt"), "\(validate.stdout)")
  }

  /// The path of group `id`'s file at main.
  static func groupPath(_ repository: TemporaryRepository, _ id: String) throws -> String {
    let files = try repository.git(["ls-tree", "-r", "--name-only", "main", "tenants/scimco/sources/idp/Groups"]).stdout
    return try #require(files.split(separator: "\n").map(String.init).first { $0.hasSuffix("/\(id).json") })
  }
}
