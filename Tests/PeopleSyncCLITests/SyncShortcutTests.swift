import Foundation
import TestSupport
import Testing

/// A second sync on the same day and the same data is answered without planning, and only then.
@Suite("sync without planning when nothing changed")
struct SyncShortcutTests {
  static let shortcut = "not planned again"

  @Test("the same inputs, day and directory: no changes, not planned; anything else: planned in full")
  func shortcut() throws {
    let repo = try TemporaryRepository.withExamples(tenants: ["globex"])
    try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    let head = try repo.head()
    let again = try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    #expect(again.stdout.contains("no changes (the inputs, the as-of date and the directory are those of sync"), "\(again.transcript)")
    #expect(try repo.head() == head)

    // Another day: planned in full (a termination may fall due), even with nothing to change.
    let nextDay = try repo.expectRun(["sync", "--as-of", "2026-11-30"])
    #expect(!nextDay.stdout.contains(Self.shortcut), "\(nextDay.transcript)")

    // Someone edits an entry by hand: the directory is no longer the sync's, so the sync plans and repairs it.
    let entry = try #require(
      try repo.git(["ls-tree", "-r", "--name-only", "HEAD", "tenants/globex/directory/people"]).stdout.split(separator: "\n").first)
    let original = try #require(try repo.show("HEAD", String(entry)))
    try repo.write(String(entry), original.replacingOccurrences(of: "\"status\": \"active\"", with: "\"status\": \"deprovisioned\""))
    _ = try repo.commitAll("A hand edit")
    let repaired = try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    #expect(!repaired.stdout.contains(Self.shortcut) && repaired.stdout.contains("committed"), "\(repaired.transcript)")
    #expect(try repo.show("HEAD", String(entry)) == original)

    // A new snapshot: planned in full.
    var rows = try Globex.rows()
    rows.removeLast()
    try repo.expectRun(["ingest", "--tenant", "globex", "--file", try repo.scratchFile("fewer.csv", Globex.csv(rows))])
    let changed = try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    #expect(changed.stdout.contains("1 deprovisioned"), "\(changed.transcript)")
    let settled = try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    #expect(settled.stdout.contains(Self.shortcut), "\(settled.transcript)")
  }

  @Test("an encrypted tenant whose keys no longer open is planned in full, and fails as it should")
  func keysStillChecked() throws {
    let repo = try TemporaryRepository.withExamples(tenants: ["acme"])
    try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    let again = try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    #expect(again.stdout.contains(Self.shortcut), "\(again.transcript)")
    for environment in [["PEOPLESYNC_MASTER_KEY": String(repeating: "01", count: 32)], ["PEOPLESYNC_KEYSTORE": "/nonexistent/keys"]] {
      let refused = try repo.peoplesync(["sync", "--as-of", "2026-11-29"], environment: environment)
      #expect(refused.status == 7, "\(environment): \(refused.transcript)")
    }
  }
}
