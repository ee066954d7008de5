import Foundation
import TestSupport
import Testing

@Suite("concurrent syncs")
struct ConcurrencyTests {
  @Test("two syncs at once: no lost commit, no broken ref, as if one ran after the other", arguments: [false, true])
  func twoSyncsAtOnce(bare: Bool) throws {
    let repo = try TemporaryRepository.withExamples(bare: bare)
    let start = try repo.head()
    let reference = try TemporaryRepository.withExamples(bare: bare)
    try reference.expectRun(["sync", "--as-of", "2026-11-29"])

    // Each process syncs every tenant, so they contend for every commit.
    let group = DispatchGroup()
    nonisolated(unsafe) var results: [ProcessResult?] = [nil, nil, nil]
    for index in 0..<3 {
      group.enter()
      DispatchQueue.global().async {
        results[index] = try? repo.peoplesync(["sync", "--as-of", "2026-11-29"])
        group.leave()
      }
    }
    group.wait()
    for result in results {
      let result = try #require(result)
      #expect(result.status == 0, "\(result.transcript)")
    }
    try repo.expectFsck()
    // Three tenants, each committed exactly once, on one linear history.
    let log = try repo.git(["log", "--format=%s", "--first-parent", "\(start)..main"]).stdout.split(separator: "\n")
    #expect(log.count == 3, "\(log)")
    #expect(Set(log.map { $0.split(separator: ":")[0] }) == ["sync acme", "sync globex", "sync initech"])
    #expect(try repo.git(["rev-list", "--merges", "main"]).stdout.isEmpty)
    // Plain entries are the same bytes everywhere; encrypted ones are sealed with this repository's own keys.
    #expect(try repo.treeID("main", "tenants/globex") == reference.treeID("main", "tenants/globex"))
    for tenant in ["acme", "initech"] {
      let count = { (r: TemporaryRepository) in
        try r.git(["ls-tree", "-r", "--name-only", "main", "tenants/\(tenant)/directory"]).stdout.count
      }
      #expect(try count(repo) == count(reference))
    }
    try repo.expectRun(["plan", "--as-of", "2026-11-29", "--exit-code"])
  }
}
