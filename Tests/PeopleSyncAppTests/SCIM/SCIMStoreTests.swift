import Foundation
import GitKit
import PeopleSyncApp
import PeopleSyncCore
import TestSupport
import Testing

@Suite("SCIM store")
struct SCIMStoreTests {
  /// A repository with tenant `scimco`, whose people come over SCIM.
  static func repository() throws -> TemporaryRepository {
    let repository = try TemporaryRepository()
    try repository.write(
      "tenants/scimco/tenant.json",
      #"{ "displayName": "SCIM Co", "timeZone": "UTC", "encryption": { "enabled": false }, "sources": [{ "name": "okta", "kind": "scim" }] }"#
    )
    try repository.commitAll("Add scimco")
    return repository
  }

  /// A store on its own handle of `repository`, as the server opens one.
  static func store(_ repository: TemporaryRepository) throws -> SCIMStore {
    try SCIMStore(AppContext(repository: try Repository.open(at: repository.path), settings: Settings()))
  }

  static func user(_ name: String) -> JSONValue {
    .object(JSONObject([("userName", .string(name)), ("active", .bool(true))]))
  }

  @Test("concurrent writes are all committed, batched into fewer commits, and read back after a restart")
  func concurrentWrites() throws {
    let repository = try Self.repository()
    let store = try Self.store(repository)
    let tenant = try #require(try store.tenant("scimco"))
    let before = try repository.commitCount()
    DispatchQueue.concurrentPerform(iterations: 8) { worker in
      for index in 0..<40 {
        let id = String(format: "%02x%06d", worker, index)
        try! store.write(tenant, summary: "create \(id)") { _ in ((), [SCIMStore.Change(kind: .users, id: id, resource: Self.user(id))]) }
      }
    }
    store.close()
    let (commits, writes) = store.commitCounts
    #expect(writes == 320)
    #expect(try repository.commitCount() == before + commits)
    let files = try repository.git(["ls-tree", "-r", "--name-only", "main", "tenants/scimco/sources/okta/Users"]).stdout.split(
      separator: "\n")
    #expect(files.count == 320)
    #expect(files.contains("tenants/scimco/sources/okta/Users/07/0/07000039.json"))
    try repository.git(["fsck", "--strict", "--no-progress"])

    let reopened = try Self.store(repository)
    defer { reopened.close() }
    let again = try #require(try reopened.tenant("scimco"))
    #expect(reopened.read(again) { $0.users.count } == 320)
    #expect(reopened.read(again) { $0.users["03000007"] } == Self.user("03000007"))
  }

  @Test("another process moves the branch while writes are committed: commits built on the old head are built again, none lost")
  func branchMovedUnderWrites() throws {
    let repository = try Self.repository()
    let store = try Self.store(repository)
    let tenant = try #require(try store.tenant("scimco"))
    let before = try repository.commitCount()
    let writers = ManagedCounter()
    let moves = ManagedCounter()
    DispatchQueue.concurrentPerform(iterations: 9) { worker in
      guard worker < 8 else {
        // A commit of its own on top of whatever main is, moved only if main is still there: as `git commit` does.
        while writers.value < 8 || moves.value < 3 {
          guard let head = try? repository.head(),
            let made = try? repository.git(["commit-tree", "\(head)^{tree}", "-p", head, "-m", "another process"]).stdout
          else { continue }
          let commit = made.trimmingCharacters(in: .whitespacesAndNewlines)
          if (try? repository.git(["update-ref", "refs/heads/main", commit, head], check: false).status) == 0 { moves.add() }
        }
        return
      }
      for index in 0..<40 {
        let id = String(format: "%02x%06d", worker, index)
        try! store.write(tenant, summary: "create \(id)") { _ in ((), [SCIMStore.Change(kind: .users, id: id, resource: Self.user(id))]) }
      }
      writers.add()
    }
    store.close()
    let (commits, writes) = store.commitCounts
    #expect(writes == 320)
    #expect(moves.value >= 3)
    // Every commit on main is one of the server's or one of the other process's: none replaced another.
    #expect(try repository.commitCount() == before + commits + moves.value)
    let others = try repository.git(["log", "--format=%s", "main"]).stdout.split(separator: "\n").filter { $0 == "another process" }
    #expect(others.count == moves.value)
    let files = try repository.git(["ls-tree", "-r", "--name-only", "main", "tenants/scimco/sources/okta/Users"]).stdout
    #expect(files.split(separator: "\n").count == 320)
    try repository.git(["fsck", "--strict", "--no-progress"])
  }

  @Test("files of the earlier layout (Users/<ab>/<id>.json) are served, synced, and changed where they are")
  func earlierLayout() throws {
    let repository = try Self.repository()
    let folder = "tenants/scimco/sources/okta/Users"
    for id in ["ab000001", "ab000002"] {
      try repository.write("\(folder)/ab/\(id).json", JSONWriter.pretty(Self.user("\(id)@scimco.example")))
    }
    try repository.commitAll("Users stored by an earlier version")
    let store = try Self.store(repository)
    let tenant = try #require(try store.tenant("scimco"))
    #expect(store.read(tenant) { $0.users.keys.sorted() } == ["ab000001", "ab000002"])
    let changed = JSONValue.object(
      JSONObject([("userName", .string("ab000001@scimco.example")), ("title", .string("Engineer")), ("active", .bool(true))]))
    try store.write(tenant, summary: "three changes") { _ in
      (
        (),
        [
          SCIMStore.Change(kind: .users, id: "ab000001", resource: changed),
          SCIMStore.Change(kind: .users, id: "ab000002", resource: nil),
          SCIMStore.Change(kind: .users, id: "ab000003", resource: Self.user("ab000003@scimco.example")),
        ]
      )
    }
    store.close()
    let files = try repository.git(["ls-tree", "-r", "--name-only", "main", folder]).stdout.split(separator: "\n").map(String.init)
    #expect(files == ["\(folder)/ab/0/ab000003.json", "\(folder)/ab/ab000001.json"])
    #expect(try repository.show("main", "\(folder)/ab/ab000001.json") == JSONWriter.pretty(changed))
    try repository.git(["fsck", "--strict", "--no-progress"])

    let reopened = try Self.store(repository)
    defer { reopened.close() }
    let again = try #require(try reopened.tenant("scimco"))
    #expect(reopened.read(again) { $0.users.keys.sorted() } == ["ab000001", "ab000003"])
    // The sync reads both layouts: both people provisioned, the changed one with its title.
    let outcome = try #require(
      try SyncService(repository: try Repository.open(at: repository.path), settings: Settings()).sync(
        tenant: "scimco", asOf: nil, overrideSafeguard: false
      ).first)
    #expect(outcome.plan.changes.count == 2)
    #expect(outcome.plan.changes.contains { $0.fields.contains { $0.field == "title" && $0.new == "Engineer" } })
    let entries = try repository.git(["ls-tree", "-r", "--name-only", "main", "tenants/scimco/directory/people"]).stdout
    #expect(entries.split(separator: "\n").count == 2)
  }

  @Test("a change decided under the lock sees every earlier one; unknown and invalid tenants are nil")
  func lockingAndTenants() throws {
    let repository = try Self.repository()
    let store = try Self.store(repository)
    defer { store.close() }
    let tenant = try #require(try store.tenant("scimco"))
    let created = ManagedCounter()
    DispatchQueue.concurrentPerform(iterations: 6) { _ in
      // Every thread tries to create the same userName: exactly one may.
      try! store.write(tenant, summary: "create alice") { state in
        guard !state.users.values.contains(where: { $0.objectValue?["userName"]?.stringValue == "alice" }) else { return ((), []) }
        created.add()
        return ((), [SCIMStore.Change(kind: .users, id: UUID().uuidString.lowercased(), resource: Self.user("alice"))])
      }
    }
    #expect(created.value == 1)
    #expect(try store.tenant("nobody") == nil)
    #expect(try store.tenant("../etc") == nil)
    #expect(try store.tenant("Scimco") == nil)
  }

  @Test("tokens: minted once, only the hash committed, accepted by the store, replaced on demand (the old ones refused)")
  func tokens() throws {
    let repository = try Self.repository()
    let service = SCIMTokenService(repository: try Repository.open(at: repository.path), settings: Settings())
    let (token, _) = try service.mint(tenant: "scimco", replacing: false)
    let committed = try #require(try repository.show("main", "tenants/scimco/scim-tokens.json"))
    #expect(!committed.contains(token))
    #expect(committed.contains(SCIMTokens.hash(token)))
    let store = try Self.store(repository)
    defer { store.close() }
    #expect(store.accepts(token, tenant: "scimco"))
    #expect(!store.accepts(token + "x", tenant: "scimco"))
    #expect(!store.accepts(token, tenant: "nobody"))
    // Minted while the store runs: read again once it sees the branch moved.
    let (second, _) = try service.mint(tenant: "scimco", replacing: false)
    try store.catchUp()
    #expect(store.accepts(second, tenant: "scimco") && store.accepts(token, tenant: "scimco"))
    let (third, _) = try service.mint(tenant: "scimco", replacing: true)
    try store.catchUp()
    #expect(store.accepts(third, tenant: "scimco"))
    #expect(!store.accepts(token, tenant: "scimco") && !store.accepts(second, tenant: "scimco"), "replaced: revoked")
    #expect(try !(repository.show("main", "tenants/scimco/scim-tokens.json") ?? "").contains(SCIMTokens.hash(token)))
    #expect(throws: AppError.self) { try service.mint(tenant: "nobody", replacing: false) }
  }
}

final class ManagedCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  func add() { lock.withLock { count += 1 } }
  var value: Int { lock.withLock { count } }
}

extension TemporaryRepository {
  fileprivate func commitCount() throws -> Int {
    Int(try git(["rev-list", "--count", "main"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))!
  }

  fileprivate func show(_ revision: String, _ path: String) throws -> String? {
    let result = try git(["show", "\(revision):\(path)"], check: false)
    return result.status == 0 ? result.stdout : nil
  }
}
