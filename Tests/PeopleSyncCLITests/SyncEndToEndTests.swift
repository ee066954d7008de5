import Foundation
import TestSupport
import Testing

@Suite("sync end to end", .serialized)
struct SyncEndToEndTests {
  @Test("sync of the examples: valid git, trailers, idempotent, replayable", arguments: [false, true])
  func syncExamples(bare: Bool) throws {
    let repo = try TemporaryRepository.withExamples(bare: bare)
    let before = try repo.head()
    try repo.expectRun(["validate"])
    let sync = try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    #expect(sync.stdout.contains("acme as of 2026-11-29: committed"))
    #expect(try repo.commitCount() == 4, "one commit per tenant")
    try repo.expectFsck()

    let subjects = try repo.git(["log", "--format=%s", "\(before)..main"]).stdout
    #expect(subjects.contains("sync globex: 8 provisioned"))
    let trailers = try repo.git(["log", "-1", "--format=%(trailers:key=PeopleSync-Tenant,key=PeopleSync-As-Of,valueonly)", "main"]).stdout
    #expect(trailers.contains("2026-11-29"))
    let allTrailers = try repo.git(["log", "-1", "--format=%(trailers)", "main"]).stdout
    for key in ["PeopleSync-Config:", "PeopleSync-Snapshot:", "PeopleSync-Version:"] { #expect(allTrailers.contains(key)) }

    let head = try repo.head()
    let again = try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    #expect(try repo.head() == head, "a second sync with the same inputs commits nothing")
    #expect(again.stdout.contains("no changes"))

    for commit in try repo.git(["rev-list", "\(before)..main"]).stdout.split(separator: "\n") {
      let replay = try repo.expectRun(["replay", String(commit)])
      #expect(replay.stdout.contains("reproduced tree"))
    }
  }

  @Test("replay plans a sync at the commit its Planned-On trailer names: an ancestor reproduces, any other commit is refused")
  func replayPlannedOn() throws {
    let repo = try TemporaryRepository.withExamples(bare: true)
    let before = try repo.head()
    try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    // The last tenant's sync, and its message naming the commit before every sync: the syncs of
    // the other tenants in between changed nothing of its directory, as the server checks.
    let sync = try repo.head()
    let parent = try repo.git(["rev-parse", "\(sync)^"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(parent != before)
    let tree = try repo.git(["rev-parse", "\(sync)^{tree}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let message = try repo.git(["log", "-1", "--format=%B", sync]).stdout
    func commit(plannedOn: String) throws -> String {
      let text = message.replacingOccurrences(of: "PeopleSync-Version:", with: "PeopleSync-Planned-On: \(plannedOn)\nPeopleSync-Version:")
      let file = repo.folder.url.appendingPathComponent("message-\(plannedOn.prefix(8))").path
      try text.write(toFile: file, atomically: true, encoding: .utf8)
      return try repo.git(["commit-tree", tree, "-p", parent, "-F", file]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    let planned = try repo.expectRun(["replay", try commit(plannedOn: before)])
    #expect(planned.stdout.contains("reproduced tree"), "\(planned.transcript)")
    let stray = try repo.git(["commit-tree", tree, "-m", "not in the history"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let refused = try repo.peoplesync(["replay", try commit(plannedOn: stray)])
    #expect(refused.status != 0 && refused.stderr.contains("not one of its ancestors"), "\(refused.transcript)")
  }

  @Test("the same inputs give the same tree on any machine (plain), and with the same keystore (encrypted)")
  func deterministicTree() throws {
    let one = try TemporaryRepository.withExamples()
    let two = try TemporaryRepository.withExamples(bare: true)
    try one.expectRun(["sync", "--as-of", "2026-11-29"])
    try two.expectRun(["sync", "--as-of", "2026-11-29"])
    #expect(try one.treeID("main", "tenants/globex") == two.treeID("main", "tenants/globex"))
    // Encrypted tenants: the same keys give the same blobs; different keys, different blobs.
    let keystore = try TemporaryDirectory()
    let environment = ["PEOPLESYNC_KEYSTORE": keystore.path, "PEOPLESYNC_MASTER_KEY": String(repeating: "ab", count: 32)]
    let three = try TemporaryRepository.withExamples(tenants: ["acme"])
    let four = try TemporaryRepository.withExamples(bare: true, tenants: ["acme"])
    #expect(try three.peoplesync(["sync", "--as-of", "2026-11-29"], environment: environment).status == 0)
    #expect(try four.peoplesync(["sync", "--as-of", "2026-11-29"], environment: environment).status == 0)
    #expect(try three.treeID("main", "tenants/acme/directory") == four.treeID("main", "tenants/acme/directory"))
    #expect(try one.treeID("main", "tenants/acme/directory") != three.treeID("main", "tenants/acme/directory"))
    // Recorded so that a change of output on another machine or version shows up in review.
    let golden = Paths.fixture("golden/examples-2026-11-29.tree")
    let actual = try one.treeID("main", "tenants/globex") + "\n"
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
      try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
      try actual.write(to: golden, atomically: true, encoding: .utf8)
    }
    #expect(actual == (try? String(contentsOf: golden, encoding: .utf8)), "run with RECORD_SNAPSHOTS=1 after an intended format change")
  }

  @Test("only committed state is read: uncommitted edits change nothing")
  func readsCommittedStateOnly() throws {
    let repo = try TemporaryRepository.withExamples(tenants: ["globex"])
    try repo.write("tenants/globex/tenant.json", "{ not json")
    try repo.write("tenants/globex/sources/hr.csv", Globex.csv([]))
    let plan = try repo.expectRun(["plan", "--as-of", "2026-11-29", "--format", "json"])
    #expect((try json(plan.stdout)["summary"] as? [String: Any])?["provision"] as? Int == 8)
  }

  @Test("--rev reads an earlier commit; --exit-code reports changes as git diff does")
  func revisionsAndExitCodes() throws {
    let repo = try TemporaryRepository.withExamples(tenants: ["globex"])
    let first = try repo.head()
    try repo.expectRun(["plan", "--as-of", "2026-11-29", "--exit-code"], status: 1)
    try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    try repo.expectRun(["plan", "--as-of", "2026-11-29", "--exit-code"], status: 0)
    let old = try repo.expectRun(["plan", "--as-of", "2026-11-29", "--rev", first, "--exit-code"], status: 1)
    #expect(old.stdout.contains("8 to provision"))
    try repo.expectRun(["plan", "--rev", "no-such-branch"], status: 5)
    try repo.expectRun(["plan", "--tenant", "nobody"], status: 5)
    try repo.expectRun(["plan", "--as-of", "2026-13-01"], status: 2)
    try repo.expectRun(["plan", "--frobnicate"], status: 2)
  }

  @Test("plan formats: JSON with a summary, Markdown tables")
  func planFormats() throws {
    let repo = try TemporaryRepository.withExamples(tenants: ["acme"])
    let plan = try json(try repo.expectRun(["plan", "--as-of", "2026-11-29", "--format", "json"]).stdout)
    let summary = try #require(plan["summary"] as? [String: Any])
    #expect(summary["provision"] as? Int == 36)
    #expect(summary["total"] as? Int == 36)
    let tenant = try #require((plan["tenants"] as? [[String: Any]])?.first)
    let codes = (tenant["warnings"] as? [[String: Any]])?.compactMap { $0["code"] as? String }.sorted()
    #expect(codes == ["encryption.plain-snapshot", "plan.unmatched-location", "plan.unresolved-manager"])
    #expect((tenant["scheduled"] as? [Any])?.count == 2)
    let markdown = try repo.expectRun(["plan", "--as-of", "2026-11-29", "--format", "markdown"]).stdout
    #expect(markdown.contains("| Provision | Reactivate | Update | Deprovision | Purge |"))
    #expect(markdown.contains("#### Provision (36)"))
  }

  @Test(
    "the safeguard holds back deprovisions that would empty the directory, commits the rest, exits 4; an override applies them, recorded")
  func safeguard() throws {
    let repo = try TemporaryRepository.withExamples(tenants: ["globex"])
    try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    let synced = try repo.head()
    // An export of the wrong company: nobody in it is known.
    let wrong = Globex.csv(["Someone Else,else@initech.example,I-99,Ops,Tech,2020-01-01,,,Springfield,"])
    try repo.expectRun(["ingest", "--tenant", "globex", "--file", try repo.scratchFile("wrong.csv", wrong)])
    let ingested = try repo.head()
    #expect(ingested != synced)
    let stopped = try repo.expectRun(["sync", "--as-of", "2026-11-30"], status: 4)
    #expect(stopped.stdout.contains("1 provisioned") && stopped.stdout.contains("held 8 deprovisions back"), "\(stopped.stdout)")
    #expect(stopped.stdout.contains("everyone"), "\(stopped.stdout)")
    #expect(try repo.head() != ingested)
    #expect(try repo.git(["log", "-1", "--format=%(trailers:key=PeopleSync-Held-Count,valueonly)"]).stdout.contains("8"))
    try repo.expectRun(["plan", "--as-of", "2026-11-30"], status: 4)
    try repo.expectRun(["sync", "--as-of", "2026-11-30", "--override-safeguard"])
    #expect(try repo.git(["log", "-1", "--format=%(trailers:key=PeopleSync-Override,valueonly)"]).stdout.contains("overridden"))
    try repo.expectFsck()
  }

  @Test("a sync writes objects in proportion to its changes, not the tenant's size")
  func objectsProportionalToChanges() throws {
    for size in [50, 2000] {
      let repo = try TemporaryRepository.withExamples(tenants: ["globex"])
      let rows = (1...size).map { "Person \($0),p\($0)@globex.example,G\($0),Ops,Tech,2020-01-01,,,Springfield," }
      try repo.expectRun(["ingest", "--tenant", "globex", "--file", try repo.scratchFile("day0.csv", Globex.csv(rows))])
      try repo.expectRun(["sync", "--as-of", "2026-11-29"])
      try repo.expectFsck()
      var next = rows
      next[size / 2] = next[size / 2].replacingOccurrences(of: ",Tech,", with: ",Lead,")
      try repo.expectRun(["ingest", "--tenant", "globex", "--file", try repo.scratchFile("day1.csv", Globex.csv(next))])
      let sync = try repo.expectRun(["sync", "--as-of", "2026-11-30"])
      // One blob, then the trees on its path: people/xx/yy, people/xx, people, directory, the tenant, tenants, the root.
      #expect(sync.stdout.contains("1 updated (8 objects written)"), "\(size) people: \(sync.stdout)")
      try repo.expectFsck()
    }
  }
}
