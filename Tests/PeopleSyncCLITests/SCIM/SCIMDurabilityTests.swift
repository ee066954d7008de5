import Foundation
import PeopleSyncCore
import TestSupport
import Testing

/// Many clients at once, and a server killed without warning: every acknowledged write survives.
@Suite("SCIM concurrency and durability", .serialized)
struct SCIMDurabilityTests {
  /// Creates `count` users named `prefix-N` from `clients` threads; returns the ids of the creates answered 201.
  static func load(_ server: SCIMServer, prefix: String, count: Int, clients: Int) -> [String: String] {
    let lock = NSLock()
    nonisolated(unsafe) var acknowledged: [String: String] = [:]
    onThreads(clients) { worker in
      let client = server.client("scimco")
      for index in stride(from: worker, to: count, by: clients) {
        let userName = "\(prefix)-\(index)@scimco.example"
        guard
          let response = try? client.send(
            "POST", "/Users",
            body: #"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "\#(userName)", "active": true}"#),
          response.status == 201, let document = try? JSONParser.parse(response.body), let id = document.objectValue?["id"]?.stringValue
        else { continue }
        lock.withLock { acknowledged[userName] = id }
      }
    }
    return acknowledged
  }

  /// Every user stored, from a fresh server's paged listing.
  static func listAll(_ server: SCIMServer) throws -> [(id: String, userName: String)] {
    var all: [(String, String)] = []
    var start = 1
    while true {
      let page = try JSONParser.parse(
        try server.client("scimco").send("GET", "/Users?startIndex=\(start)&count=1000&attributes=userName").body)
      let resources = page.objectValue?["Resources"]?.arrayValue ?? []
      for resource in resources {
        all.append((resource.objectValue?["id"]?.stringValue ?? "", resource.objectValue?["userName"]?.stringValue ?? ""))
      }
      if resources.isEmpty { break }
      start += resources.count
    }
    return all
  }

  @Test("32 concurrent clients create 10,000 users: each is present exactly once, in fewer commits than writes")
  func concurrentCreates() throws {
    let server = try SCIMServer()
    defer { server.stop() }
    let acknowledged = Self.load(server, prefix: "user", count: 10_000, clients: 32)
    #expect(acknowledged.count == 10_000)
    // Every write again: each userName is taken, by the one user created.
    let repeats = Self.load(server, prefix: "user", count: 64, clients: 8)
    #expect(repeats.isEmpty)
    server.stop()
    try server.start()
    let stored = try Self.listAll(server)
    #expect(stored.count == 10_000)
    #expect(Set(stored.map(\.userName)).count == 10_000)
    #expect(Dictionary(uniqueKeysWithValues: stored.map { ($0.userName, $0.id) }) == acknowledged)
    let commits = Int(try server.repository.git(["rev-list", "--count", "main"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))!
    #expect(commits < 10_000, "writes arriving together share a commit")
    server.stop()
    try server.repository.git(["fsck", "--strict", "--no-progress"])
  }

  @Test("the directory follows while writes are committed: every sync replays, those planned before their parent name where")
  func followWhileWriting() throws {
    let server = try SCIMServer()
    defer { server.stop() }
    let acknowledged = Self.load(server, prefix: "follow", count: 3_000, clients: 16)
    #expect(acknowledged.count == 3_000)
    server.stop()  // after the last writes, one more sync
    let repository = server.repository
    let people = try repository.git(["ls-tree", "-r", "--name-only", "main", "tenants/scimco/directory/people"]).stdout
    #expect(people.split(separator: "\n").count == 3_000, "the last sync provisioned every user")
    let syncs = try repository.git(["log", "--first-parent", "--format=%H %s", "main"]).stdout.split(separator: "\n")
      .filter { $0.contains(" sync scimco:") }.map { String($0.prefix(40)) }
    #expect(syncs.count > 1)
    var plannedEarlier = 0
    for commit in syncs {
      let message = try repository.git(["log", "-1", "--format=%B", commit]).stdout
      let parent = try repository.git(["rev-parse", "\(commit)^"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
      if let line = message.split(separator: "\n").first(where: { $0.hasPrefix("PeopleSync-Planned-On: ") }) {
        plannedEarlier += 1
        let planned = String(line.dropFirst("PeopleSync-Planned-On: ".count))
        #expect(planned != parent)
        // Only SCIM files changed between the commit it was planned at and its parent.
        let between = try repository.git(["diff", "--name-only", planned, parent]).stdout.split(separator: "\n")
        #expect(!between.isEmpty && between.allSatisfy { $0.hasPrefix("tenants/scimco/sources/") }, "\(between.prefix(3))")
      }
      let replay = try repository.expectRun(["replay", commit])
      #expect(replay.stdout.contains("reproduced tree"), "\(replay.transcript)")
    }
    #expect(plannedEarlier > 0, "16 clients writing: some syncs were planned while writes were committed")
    try repository.git(["fsck", "--strict", "--no-progress"])
  }

  @Test("concurrent changes to one user: git holds the version every reader sees, before and after a restart")
  func oneUserManyWriters() throws {
    let server = try SCIMServer()
    defer { server.stop() }
    let created = try server.client("scimco").send("POST", "/Users", body: #"{"userName": "ada@scimco.example"}"#)
    let id = try #require(try JSONParser.parse(created.body).objectValue?["id"]?.stringValue)
    onThreads(16) { worker in
      let client = server.client("scimco")
      for round in 0..<15 {
        _ = try? client.send(
          "PATCH", "/Users/\(id)", body: #"{"Operations": [{"op": "replace", "path": "title", "value": "t\#(worker)-\#(round)"}]}"#)
      }
    }
    let served = try JSONParser.parse(try server.client("scimco").send("GET", "/Users/\(id)").body).objectValue
    let path = "tenants/scimco/sources/idp/Users/\(id.prefix(2))/\(id.dropFirst(2).prefix(1))/\(id).json"
    let committed = try JSONParser.parse(try server.repository.git(["show", "main:\(path)"]).stdout).objectValue
    #expect(served?["title"] != nil)
    #expect(committed?["title"] == served?["title"])
    #expect(committed?["meta"]?.objectValue?["version"] == served?["meta"]?.objectValue?["version"])
    #expect(served?["meta"]?.objectValue?["version"]?.stringValue == #"W/"241""#, "one version per change: 1 + 16 × 15")
    server.stop()
    try server.start()
    let restarted = try JSONParser.parse(try server.client("scimco").send("GET", "/Users/\(id)").body).objectValue
    #expect(restarted?["title"] == served?["title"])
  }

  @Test("killed with SIGKILL in the middle of a load and restarted: every acknowledged write is there")
  func killedMidLoad() throws {
    let server = try SCIMServer()
    defer { server.stop() }
    nonisolated(unsafe) var acknowledged: [String: String] = [:]
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
      acknowledged = Self.load(server, prefix: "load", count: 20_000, clients: 16)
      done.signal()
    }
    // Kill once a good share of the load has been acknowledged.
    let deadline = Date().addingTimeInterval(60)
    while Date() < deadline {
      let count =
        Int((try? server.repository.git(["rev-list", "--count", "main"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? "0")
        ?? 0
      if count > 40 { break }
      usleep(50_000)
    }
    server.process?.stop(SIGKILL)
    done.wait()
    #expect(acknowledged.count > 0 && acknowledged.count < 20_000, "killed mid-load: \(acknowledged.count) acknowledged")
    try server.start()
    let stored = Dictionary(try Self.listAll(server).map { ($0.userName, $0.id) }, uniquingKeysWith: { first, _ in first })
    let missing = acknowledged.filter { stored[$0.key] != $0.value }
    #expect(missing.isEmpty, "\(missing.count) acknowledged writes lost, e.g. \(missing.first.map { "\($0)" } ?? "")")
    server.stop()
    try server.repository.git(["fsck", "--strict", "--no-progress"])
  }
}
