import Foundation
import PeopleSyncCore
import TestSupport
import Testing

/// SCIM on an encrypted tenant (`sealedco`), through `peoplesync serve` over HTTP, checked with the
/// real `git`: nothing personal in clear in any object, the tools read it with the keystore, and a
/// purge erases the SCIM history with the person.
@Suite("SCIM on an encrypted tenant end to end")
struct SCIMSealedEndToEndTests {
  static let ada = """
    {"userName": "ada.lovelace@sealedco.example", "name": {"givenName": "Augusta", "familyName": "Lovelace"},
     "emails": [{"value": "ada.lovelace@sealedco.example", "type": "work", "primary": true}], "title": "Engine Programmer",
     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "SC-1815"}}
    """
  static let grace = """
    {"userName": "grace.hopper@sealedco.example", "name": {"givenName": "Grace", "familyName": "Hopper"},
     "emails": [{"value": "grace.hopper@sealedco.example", "primary": true}], "title": "Rear Admiral",
     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "SC-1906"}}
    """
  static let bob = #"{"userName": "bob.babbage@sealedco.example", "displayName": "Charles Babbage", "active": true}"#
  /// What must never be readable in git.
  static let personal = [
    "ada.lovelace", "Augusta", "Lovelace", "SC-1815", "Engine Programmer", "Analyst", "grace.hopper", "Hopper", "SC-1906",
    "Rear Admiral", "bob.babbage", "Babbage",
  ]

  static func created(_ response: HTTPTestClient.Response) throws -> String {
    #expect(response.status == 201, "\(response.body)")
    return try #require(try JSONParser.parse(response.body).objectValue?["id"]?.stringValue)
  }

  static func userPath(_ id: String) -> String {
    "tenants/sealedco/sources/idp/Users/\(id.prefix(2))/\(id.dropFirst(2).prefix(1))/\(id).json"
  }

  /// Waits until the directory has followed every write: main's newest commit, above `commits`, is a sync of `tenant`.
  static func waitForSync(_ server: SCIMServer, after commits: Int, tenant: String = "sealedco") throws {
    let repository = server.repository
    let deadline = Date().addingTimeInterval(20)
    while Date() < deadline {
      let subjects = try repository.git(["log", "--format=%s", "main"]).stdout.split(separator: "\n")
      if subjects.count > commits, subjects[0].hasPrefix("sync \(tenant)") { return }
      usleep(50_000)
    }
    let plan = try repository.peoplesync(["plan", "--tenant", tenant]).transcript
    let log = try repository.git(["log", "--format=%h %s", "main"]).stdout
    throw TestFailure("no sync of \(tenant) after the SCIM writes: \(server.process?.transcript ?? "")\n\(plan)\n\(log)")
  }

  /// Every object of the repository, as git stores them: commits, trees and blobs of all history.
  static func everyObject(_ repository: TemporaryRepository) throws -> String {
    let result = try Shell.run(["git", "cat-file", "--batch-all-objects", "--batch"], in: repository.path)
    #expect(result.status == 0)
    return result.stdout + (try repository.git(["log", "--all", "-p", "--text"]).stdout)
  }

  /// The plain text `peoplesync textconv` gives of a file at a revision.
  static func textconv(_ repository: TemporaryRepository, _ revision: String, _ path: String) throws -> String {
    let file = repository.folder.url.appendingPathComponent("blob-\(UUID().uuidString.prefix(8))").path
    let saved = try Shell.run(["sh", "-c", "git cat-file blob '\(revision):\(path)' > '\(file)'"], in: repository.path)
    #expect(saved.status == 0, "\(saved.transcript)")
    return try repository.expectRun(["textconv", file]).stdout
  }

  @Test("create, get, patch, delete over HTTP: no personal data in clear in any object; the tools, a restart and the directory read it")
  func sealedStorage() throws {
    let server = try SCIMServer()
    defer { server.stop() }
    let client = server.client("sealedco")
    let commits = try server.repository.commitCount()
    let adaID = try Self.created(try client.send("POST", "/Users", body: Self.ada))
    let graceID = try Self.created(try client.send("POST", "/Users", body: Self.grace))
    let bobID = try Self.created(try client.send("POST", "/Users", body: Self.bob))
    let patched = try client.send(
      "PATCH", "/Users/\(adaID)", body: #"{"Operations": [{"op": "replace", "path": "title", "value": "Analyst"}]}"#)
    #expect(patched.status == 200 && patched.body.contains("\"title\": \"Analyst\""), "\(patched.body)")
    let group = try client.send(
      "POST", "/Groups", body: #"{"displayName": "Engines", "members": [{"value": "\#(adaID)", "display": "Augusta Lovelace"}]}"#)
    #expect(group.status == 201, "\(group.body)")
    #expect(try client.send("DELETE", "/Users/\(bobID)").status == 204)
    let got = try client.send("GET", "/Users/\(adaID)")
    #expect(got.status == 200 && got.body.contains("ada.lovelace@sealedco.example") && got.body.contains("Engines"), "\(got.body)")
    #expect(try client.send("GET", "/Users/\(bobID)").status == 404)
    try Self.waitForSync(server, after: commits)

    // What git holds: ciphertext only, in every object of every commit, messages included.
    let objects = try Self.everyObject(server.repository)
    let readable = Self.personal.filter { objects.contains($0) }
    #expect(readable.isEmpty, "readable in git: \(readable)")
    let stored = try #require(try server.repository.show("main", Self.userPath(adaID)))
    #expect(stored.hasPrefix("\u{0}PSE"), "a sealed blob: \(stored.prefix(20))")
    for pattern in ["ada.lovelace", "Lovelace", "SC-1815"] {
      let grep = try server.repository.git(["grep", "-a", "-F", pattern, "main"], check: false)
      #expect(grep.stdout.isEmpty, "git grep \(pattern): \(grep.stdout)")
    }

    // With the keystore: textconv opens each version, the directory has the person, explain says why.
    let history = try server.repository.git(["log", "--format=%H", "main", "--", Self.userPath(adaID)]).stdout.split(separator: "\n")
    #expect(history.count == 2, "created and patched: \(history)")
    #expect(try Self.textconv(server.repository, String(history[0]), Self.userPath(adaID)).contains("\"title\": \"Analyst\""))
    #expect(try Self.textconv(server.repository, String(history[1]), Self.userPath(adaID)).contains("\"title\": \"Engine Programmer\""))
    // Plain git through the textconv driver: `sources/**`, since SCIM files sit in folders below the source's.
    let configHome = server.repository.environment["XDG_CONFIG_HOME"]!
    try server.repository.git(["config", "diff.peoplesync.textconv", "env XDG_CONFIG_HOME=\(configHome) \(Paths.peoplesync) textconv"])
    try server.repository.write(".git/info/attributes", "tenants/*/sources/** diff=peoplesync\n")
    let gitLog = try server.repository.git(["log", "-p", "main", "--", "tenants/sealedco/sources/idp/Users"]).stdout
    #expect(gitLog.contains("-  \"title\": \"Engine Programmer\"") && gitLog.contains("+  \"title\": \"Analyst\""), "\(gitLog)")
    let explain = try server.repository.expectRun(["explain", "--tenant", "sealedco", "--person", "ada.lovelace@sealedco.example"])
    #expect(explain.stdout.contains("status: active") && explain.stdout.contains("sources/idp"), "\(explain.transcript)")
    let entries = try server.repository.git(["ls-tree", "-r", "--name-only", "main", "tenants/sealedco/directory/people"]).stdout
      .split(separator: "\n")
    let texts = try entries.map { try Self.textconv(server.repository, "main", String($0)) }
    let active = texts.filter { $0.contains("\"status\": \"active\"") }
    // Bob came and went: whether a sync saw him in between depends on timing; he is not active.
    #expect(active.count == 2, "\(texts)")
    #expect(active.contains { $0.contains("\"email\": \"ada.lovelace@sealedco.example\"") && $0.contains("\"title\": \"Analyst\"") })
    #expect(try server.repository.show("main", String(entries[0]))?.hasPrefix("\u{0}PSE") == true, "a sealed entry")

    // A restart reads everything back from the sealed files.
    server.stop()
    try server.start()
    let again = server.client("sealedco")
    let reread = try again.send("GET", "/Users/\(adaID)")
    #expect(reread.status == 200 && reread.body.contains("\"title\": \"Analyst\"") && reread.body.contains("Engines"), "\(reread.body)")
    let listed = try again.send(
      "GET",
      "/Users?filter=" + "userName eq \"GRACE.HOPPER@sealedco.example\"".addingPercentEncoding(
        withAllowedCharacters: .alphanumerics)!)
    #expect(listed.body.contains("\"totalResults\": 1") && listed.body.contains(graceID), "\(listed.body)")
    #expect(try again.send("GET", "/Users/\(bobID)").status == 404)
    server.stop()
    try server.repository.expectFsck()
  }

  @Test("a purge after deactivation and deletion erases those users' SCIM history; everyone else still reads")
  func purgeErases() throws {
    let server = try SCIMServer()
    defer { server.stop() }
    let repository = server.repository
    let client = server.client("sealedco")
    var commits = try repository.commitCount()
    let adaID = try Self.created(try client.send("POST", "/Users", body: Self.ada))
    let graceID = try Self.created(try client.send("POST", "/Users", body: Self.grace))
    let bobID = try Self.created(try client.send("POST", "/Users", body: Self.bob))
    for extra in 1...3 {
      _ = try Self.created(try client.send("POST", "/Users", body: #"{"userName": "extra\#(extra)@sealedco.example"}"#))
    }
    try Self.waitForSync(server, after: commits)
    let firstSync = try #require(
      try repository.git(["log", "--format=%H %s", "main"]).stdout.split(separator: "\n").first { $0.contains(" sync sealedco") }
    )
    .prefix(40)
    // One deprovisioning per sync, within the safeguard.
    commits = try repository.commitCount()
    let off = try client.send("PATCH", "/Users/\(adaID)", body: #"{"Operations": [{"op": "replace", "value": {"active": false}}]}"#)
    #expect(off.status == 200, "\(off.body)")
    try Self.waitForSync(server, after: commits)
    commits = try repository.commitCount()
    #expect(try client.send("DELETE", "/Users/\(bobID)").status == 204)
    try Self.waitForSync(server, after: commits)
    server.stop()
    let adaVersions = try repository.git(["log", "--format=%H", "main", "--", Self.userPath(adaID)]).stdout.split(separator: "\n")
    let bobVersions = try repository.git(["log", "--format=%H", "main", "--", Self.userPath(bobID)]).stdout.split(separator: "\n")
    #expect(adaVersions.count == 2 && bobVersions.count == 2, "\(adaVersions) \(bobVersions)")
    #expect(try Self.textconv(repository, String(adaVersions[0]), Self.userPath(adaID)).contains("ada.lovelace"))

    // After the quarantine (7 days), the sync purges both people.
    let later = try #require(Day(SCIMServeEndToEndTests.today)).adding(days: 8).description
    let purge = try repository.expectRun(["sync", "--tenant", "sealedco", "--as-of", later])
    #expect(purge.stdout.contains("2 purged"), "\(purge.transcript)")
    for version in adaVersions {
      let text = try Self.textconv(repository, String(version), Self.userPath(adaID))
      #expect(text.contains("(erased:") && !text.contains("ada.lovelace"), "\(text)")
    }
    // Bob's versions: the one created, and the deletion (the file before it, read at its parent).
    let bobText = try Self.textconv(repository, String(bobVersions[1]), Self.userPath(bobID))
    #expect(bobText.contains("(erased:") && !bobText.contains("bob.babbage"), "\(bobText)")
    #expect(try Self.textconv(repository, "main", Self.userPath(graceID)).contains("grace.hopper@sealedco.example"))

    // The erased user brings no one back; a sync that read it cannot be replayed; the server does not serve it.
    let again = try repository.expectRun(["sync", "--tenant", "sealedco", "--as-of", later])
    #expect(again.stdout.contains("no changes"), "\(again.transcript)")
    let replay = try repository.peoplesync(["replay", String(firstSync)])
    #expect(replay.status == 7 && replay.stderr.contains("erased"), "\(replay.transcript)")
    try server.start()
    let restarted = server.client("sealedco")
    #expect(try restarted.send("GET", "/Users/\(adaID)").status == 404)
    #expect(try restarted.send("GET", "/Users/\(graceID)").status == 200)
    let all = try restarted.send("GET", "/Users")
    #expect(all.body.contains("\"totalResults\": 4") && !all.body.contains("ada.lovelace"), "\(all.body)")
    server.stop()
    try repository.expectFsck()
  }

  @Test("a wrong or missing master key: the server stops at start with exit 7, nothing written")
  func keyFailures() throws {
    let server = try SCIMServer()
    let client = server.client("sealedco")
    _ = try Self.created(try client.send("POST", "/Users", body: Self.ada))
    server.stop()
    let head = try server.repository.head()
    let keystore = URL(fileURLWithPath: server.repository.path).appendingPathComponent(".git/peoplesync/keys")
    let keyFile = keystore.appendingPathComponent("sealedco.keys")
    let keyBytes = try Data(contentsOf: keyFile)
    let masterFile = server.repository.masterKeyFile
    let master = try Data(contentsOf: masterFile)
    func expectRefused(_ environment: [String: String], _ words: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
      let process = try ServerProcess(
        [Paths.peoplesync, "serve", "--repo", server.repository.path, "--port", "0"], folder: server.repository.folder.path,
        environment: server.repository.environment.merging(environment) { $1 })
      let deadline = Date().addingTimeInterval(30)
      while process.isRunning, Date() < deadline { usleep(20_000) }
      let status = process.stop(SIGKILL).map { ($0 >> 8) & 0xff }
      #expect(status == 7, "\(process.transcript)", sourceLocation: sourceLocation)
      #expect(process.transcript.contains(words), "\(process.transcript)", sourceLocation: sourceLocation)
      #expect(try server.repository.head() == head, sourceLocation: sourceLocation)
      #expect(try Data(contentsOf: keyFile) == keyBytes, "the keystore is untouched", sourceLocation: sourceLocation)
    }
    try expectRefused(["PEOPLESYNC_MASTER_KEY": String(repeating: "01", count: 32)], "master key does not open")
    let empty = try TemporaryDirectory()
    try expectRefused(["PEOPLESYNC_KEYSTORE": empty.path, "PEOPLESYNC_MASTER_KEY": String(repeating: "01", count: 32)], "no key for")
    #expect(try FileManager.default.contentsOfDirectory(atPath: empty.path).filter { $0.hasSuffix(".keys") }.isEmpty)
    try FileManager.default.removeItem(at: masterFile)
    try expectRefused([:], "no master key")
    try master.write(to: masterFile)
    // With the right keys again, it serves what it stored.
    try server.start()
    #expect(try server.client("sealedco").send("GET", "/Users?filter=userName%20pr").body.contains("\"totalResults\": 1"))
    server.stop()
  }

  @Test(
    "an encrypted group stores no member display (a purge could not erase it from the group's history); it is shown from the member where one was given"
  )
  func memberDisplay() throws {
    let server = try SCIMServer()
    defer { server.stop() }
    let client = server.client("sealedco")
    let adaID = try Self.created(try client.send("POST", "/Users", body: Self.ada))
    let created = try client.send(
      "POST", "/Groups", body: #"{"displayName": "Engines", "members": [{"value": "\#(adaID)", "display": "Augusta Lovelace"}]}"#)
    let groupID = try Self.created(created)
    // Shown from Ada as she is: no displayName or formatted name, so her userName.
    #expect(created.body.contains("\"display\": \"ada.lovelace@sealedco.example\""), "\(created.body)")
    #expect(!created.body.contains("Augusta Lovelace"), "\(created.body)")
    let renamed = try client.send(
      "PATCH", "/Users/\(adaID)", body: #"{"Operations": [{"op": "add", "path": "displayName", "value": "Countess Lovelace"}]}"#)
    #expect(renamed.status == 200, "\(renamed.body)")
    let group = try client.send("GET", "/Groups/\(groupID)")
    #expect(group.body.contains("\"display\": \"Countess Lovelace\""), "\(group.body)")
    let patched = try client.send(
      "PATCH", "/Groups/\(groupID)",
      body: #"{"Operations": [{"op": "replace", "path": "members", "value": [{"value": "\#(adaID)", "display": "Ada"}]}]}"#)
    #expect(patched.status == 200 && patched.body.contains("\"display\": \"Countess Lovelace\""), "\(patched.body)")
    server.stop()
    // Every version of the group's file, opened with its key: members by id only.
    let path = Self.userPath(groupID).replacingOccurrences(of: "/Users/", with: "/Groups/")
    let versions = try server.repository.git(["log", "--format=%H", "main", "--", path]).stdout.split(separator: "\n")
    #expect(versions.count == 2, "\(versions)")
    for version in versions {
      let text = try Self.textconv(server.repository, String(version), path)
      #expect(text.contains(adaID) && text.contains("Engines"), "\(text)")
      // Only that a display was given, never the name: `"display": true`.
      #expect(text.contains("\"display\": true") && !text.contains("\"display\": \""), "\(text)")
      #expect(!text.contains("Lovelace") && !text.contains("Ada"), "\(text)")
    }
    try server.start()
    #expect(try server.client("sealedco").send("GET", "/Groups/\(groupID)").body.contains("\"display\": \"Countess Lovelace\""))
  }

  @Test("'encrypt' on a plain SCIM tenant seals its Users and Groups files where they are; served and synced as before")
  func migration() throws {
    let server = try SCIMServer()
    defer { server.stop() }
    let repository = server.repository
    let commits = try repository.commitCount()
    let ada = Self.ada.replacingOccurrences(of: "sealedco", with: "scimco")
    let adaID = try Self.created(try server.client("scimco").send("POST", "/Users", body: ada))
    try Self.waitForSync(server, after: commits, tenant: "scimco")
    // A group changes no entry: no sync need follow it. Stopping lets the follower finish.
    let group = try server.client("scimco").send(
      "POST", "/Groups", body: #"{"displayName": "Engines", "members": [{"value": "\#(adaID)", "display": "Augusta Lovelace"}]}"#)
    let groupID = try Self.created(group)
    server.stop()
    let sources = "tenants/scimco/sources/idp"
    let before = try repository.git(["ls-tree", "-r", "--name-only", "HEAD", sources]).stdout
    #expect(before.split(separator: "\n").count == 2, "\(before)")

    // Only tenant.json: the server's files are not in this working tree.
    try repository.write("tenants/scimco/tenant.json", SCIMServer.tenant("SCIM Co", encrypted: true))
    try repository.git(["reset", "-q", "--mixed", "HEAD"])
    try repository.git(["add", "tenants/scimco/tenant.json"])
    try repository.git(["commit", "-q", "-m", "Turn encryption on for scimco"])
    let converted = try repository.expectRun(["encrypt", "--tenant", "scimco"])
    #expect(converted.stdout.contains("encrypted scimco: 1 entries and 0 snapshots, 2 SCIM resources"), "\(converted.stdout)")
    try repository.expectFsck()
    let status = try repository.expectRun(["keys", "status"]).stdout
    #expect(status.contains("scimco: 1 person keys, 0 erased; 2 SCIM resource keys; 0 snapshot keys"), "\(status)")
    // The same paths, sealed: nothing of Ada is readable in HEAD's tree.
    #expect(try repository.git(["ls-tree", "-r", "--name-only", "HEAD", sources]).stdout == before)
    for line in try repository.git(["ls-tree", "-r", "HEAD", "tenants/scimco"]).stdout.split(separator: "\n")
    where !line.hasSuffix("tenant.json") {
      let blob = try repository.git(["cat-file", "-p", String(line.split(separator: " ")[2].prefix(40))]).stdout
      #expect(!blob.contains("Lovelace") && !blob.contains("Augusta") && !blob.contains("SC-1815"), "\(line)")
    }
    let adaPath = Self.userPath(adaID).replacingOccurrences(of: "sealedco", with: "scimco")
    #expect(try Self.textconv(repository, "HEAD", adaPath).contains("Lovelace"))
    #expect(try repository.expectRun(["sync", "--tenant", "scimco"]).stdout.contains("no changes"))

    try server.start()
    let user = try server.client("scimco").send("GET", "/Users/\(adaID)")
    #expect(user.status == 200 && user.body.contains("Lovelace"), "\(user.body)")
    let members = try server.client("scimco").send("GET", "/Groups/\(groupID)")
    #expect(members.status == 200 && members.body.contains(adaID), "\(members.body)")
    server.stop()
    #expect(try repository.expectRun(["encrypt", "--tenant", "scimco"]).stdout.contains("nothing to commit"))
  }
}
