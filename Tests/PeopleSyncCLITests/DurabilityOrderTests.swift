import Foundation
import PeopleSyncCore
import TestSupport
import Testing

/// `strace` recording the calls that order durability: syncs, renames, folders made, and writes.
enum Strace {
  static let path = "/usr/bin/strace"
  static let calls =
    "fsync,fdatasync,rename,renameat,renameat2,link,linkat,unlink,unlinkat,mkdir,mkdirat,write,pwrite64,sendto,writev,sendmsg,exit_group"

  static let works: Bool =
    FileManager.default.isExecutableFile(atPath: path) && (try? Shell.run([path, "-o", "/dev/null", "true"]).status) == 0

  /// The command line that runs a program under strace, writing the record to `output`.
  static func command(_ output: String) -> [String] { [path, "-f", "-yy", "-s", "512", "-e", "trace=\(calls)", "-o", output] }
}

/// The real binary under `strace`: an answer, a report, an exit come only after what they
/// acknowledge is on disk (objects, then the branch, each with the folder holding it).
@Suite("durability order", .serialized, .enabled(if: Strace.works, "needs strace (scripts/packages)"))
struct DurabilityOrderTests {
  /// Runs `peoplesync` under strace; returns its result and what it did.
  static func run(_ arguments: [String], in repository: TemporaryRepository) throws -> (ProcessResult, SyscallTrace) {
    let output = repository.folder.url.appendingPathComponent("trace-\(UUID().uuidString.prefix(8)).txt").path
    let result = try Shell.run(
      Strace.command(output) + [Paths.peoplesync] + arguments + ["--repo", repository.path], in: repository.folder.path,
      environment: repository.environment)
    return (result, try SyscallTrace(contentsOf: output))
  }

  /// The commit that added `path` on main.
  static func commitAdding(_ path: String, in repository: TemporaryRepository) throws -> String {
    try repository.git(["log", "--format=%H", "--diff-filter=A", "main", "--", path]).stdout.split(separator: "\n").last.map(String.init)
      ?? ""
  }

  @Test("a SCIM create is answered only after its pack, its index, the branch and their folders are synced, once per group commit")
  func scimCreates() throws {
    let server = try SCIMServer(start: false)
    defer { server.stop() }
    let output = server.repository.folder.url.appendingPathComponent("serve-trace.txt").path
    // The follower off: every commit is one of writes, made and published by the committing thread.
    try server.start(extra: ["--no-sync"], wrapper: Strace.command(output))
    // Twenty creates one after the other, a commit each: the committer's packs are merged behind it.
    let client = server.client("scimco")
    for index in 0..<20 {
      #expect(try client.send("POST", "/Users", body: #"{"userName": "s\#(index)@scimco.example"}"#).status == 201)
    }
    // Then a burst from eight clients at once: writes that arrive together share a commit.
    onThreads(8) { worker in
      let client = server.client("scimco")
      for index in 0..<6 { _ = try? client.send("POST", "/Users", body: #"{"userName": "u\#(worker)-\#(index)@scimco.example"}"#) }
    }
    server.stop()
    let gitDirectory = server.repository.path + "/.git"
    let order = DurabilityOrder(trace: try SyscallTrace(contentsOf: output), gitDirectory: gitDirectory)
    #expect(order.problems.isEmpty, "\(order.problems.prefix(10))")
    #expect(order.unsyncedObjects.isEmpty, "\(order.unsyncedObjects.prefix(5))")

    let answers = order.answers(status: 201)
    #expect(answers.count == 68)
    for answer in answers {
      guard let range = answer.arguments.range(of: #"/Users/[0-9a-f-]{36}"#, options: .regularExpression) else {
        Issue.record("no Location in \(answer)")
        continue
      }
      let id = String(answer.arguments[range].dropFirst("/Users/".count))
      let commit = try Self.commitAdding(
        "tenants/scimco/sources/idp/Users/\(id.prefix(2))/\(id.dropFirst(2).prefix(1))/\(id).json", in: server.repository)
      let publication = try #require(order.publication(of: commit), "the commit holding \(id) was published")
      let durable = try #require(publication.durable)
      #expect(durable.end < answer.start, "\(id): answered (\(answer.start)) before its commit was durable (\(durable.end))")
      // The pack holding the commit was placed before its branch update (checked by `problems`), by the committing thread.
      let packs = order.trace.calls.filter {
        $0.thread == publication.rename.thread && $0.end < publication.rename.start && ($0.move?.to.hasSuffix(".idx") ?? false)
      }
      #expect(!packs.isEmpty, "\(id): a pack placed before its commit")
    }
    // Once per group commit: one branch update, and one sync of the pack folder, per commit.
    let commits = Int(try server.repository.git(["rev-list", "--count", "main"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))!
    let made = order.publications.count
    #expect(made >= 20 && made < 68, "68 writes shared \(made) commits")
    #expect(commits >= made)
    let committer = order.publications.first!.rename.thread
    let packFolderSyncs = order.trace.syncs(of: gitDirectory + "/objects/pack").filter { $0.thread == committer }
    #expect(packFolderSyncs.count == made, "\(packFolderSyncs.count) syncs of objects/pack for \(made) commits")
    // Merged packs (another thread) were synced too (`unsyncedObjects`), before the packs they replace went.
    let merged = order.trace.calls.filter { $0.thread != committer && $0.succeeded && ($0.move?.to.hasSuffix(".idx") ?? false) }
    #expect(!merged.isEmpty, "the committer's packs were merged")
    let removed = order.trace.calls.filter { $0.name.hasPrefix("unlink") && $0.succeeded && $0.strings.first?.hasSuffix(".pack") == true }
    let firstMergeDurable = merged.compactMap { merge in
      order.trace.syncs(of: gitDirectory + "/objects/pack").first { $0.thread == merge.thread && $0.start > merge.end }?.end
    }.min()
    #expect(removed.allSatisfy { $0.start > (firstMergeDurable ?? .max) }, "packs merged away are removed once the merged pack is durable")
    try server.repository.expectFsck()
  }

  @Test("ingest and sync report success, and exit, only after their objects and the branch are durable (pack and loose objects)")
  func ingestAndSync() throws {
    let repository = try TemporaryRepository.withExamples(bare: true)
    let gitDirectory = repository.path
    let header =
      "Full Name,Email,Employee ID,Department,Title,Hire Date,Manager's email,Picture URL,Location,Termination Date,Cost Center,Employment Type,Office"
    func csv(_ count: Int, title: String) -> String {
      ([header]
        + (0..<count).map {
          "Person \($0),person\($0)@acme.example,B\(10_000 + $0),Sales,\(title),2020-01-01,,,London,,CC-200,Full-time,LDN-2"
        })
        .joined(separator: "\n") + "\n"
    }
    // 1,200 people: the sync writes a pack; then one title changed: a few loose objects.
    for (step, title) in [(0, "Engineer"), (1, "Manager")] {
      let file = try repository.folder.write(
        "people-\(step).csv",
        step == 0
          ? csv(1200, title: title)
          : csv(1200, title: "Engineer").replacingOccurrences(
            of: "Person 7,person7@acme.example,B10007,Sales,Engineer", with: "Person 7,person7@acme.example,B10007,Sales,\(title)"))
      for arguments in [
        ["ingest", "--tenant", "acme", "--file", file.path], ["sync", "--tenant", "acme", "--as-of", "2026-11-29", "--override-safeguard"],
      ] {
        let (result, trace) = try Self.run(arguments, in: repository)
        #expect(result.status == 0, "\(arguments[0]): \(result.transcript)")
        let order = DurabilityOrder(trace: trace, gitDirectory: gitDirectory)
        #expect(order.problems.isEmpty, "\(arguments[0]): \(order.problems.prefix(10))")
        #expect(order.unsyncedObjects.isEmpty, "\(arguments[0]): \(order.unsyncedObjects.prefix(5))")
        let head = try repository.head()
        let publication = try #require(order.publication(of: head), "\(arguments[0]) published \(head)")
        let durable = try #require(publication.durable)
        let report = trace.calls.first { $0.name == "write" && $0.arguments.hasPrefix("1<") }
        let exit = trace.calls.first { $0.name == "exit_group" }
        #expect(report.map { durable.end < $0.start } ?? false, "\(arguments[0]): reported before the branch was durable")
        #expect(exit.map { durable.end < $0.start } ?? false, "\(arguments[0]): exited before the branch was durable")
        let placed = trace.calls.filter { $0.succeeded && ($0.move?.to.hasPrefix(gitDirectory + "/objects/") ?? false) }
        #expect(!placed.isEmpty, "\(arguments[0]) wrote objects")
        if step == 0, arguments[0] == "sync" {
          #expect(placed.contains { $0.move!.to.hasSuffix(".pack") }, "a sync of 1,200 people writes a pack")
        }
        if step == 1, arguments[0] == "sync" {
          #expect(placed.contains { !$0.move!.to.contains("/objects/pack/") }, "a sync of one change writes loose objects")
        }
      }
    }
    try repository.expectFsck()
  }
}
