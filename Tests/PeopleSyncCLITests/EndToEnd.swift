import Foundation
import TestSupport
import Testing

/// Helpers for tests that run the built binary against real repositories.
extension TemporaryRepository {
  /// Runs peoplesync and requires the exit status.
  @discardableResult
  func expectRun(_ arguments: [String], status: Int32 = 0, sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcessResult {
    let result = try peoplesync(arguments)
    #expect(result.status == status, "peoplesync \(arguments.joined(separator: " ")): \(result.transcript)", sourceLocation: sourceLocation)
    return result
  }

  /// `git fsck --strict` passes.
  func expectFsck(sourceLocation: SourceLocation = #_sourceLocation) throws {
    let result = try git(["fsck", "--strict", "--no-progress"], check: false)
    #expect(result.status == 0, "git fsck --strict: \(result.transcript)", sourceLocation: sourceLocation)
  }

  /// The number of commits on main.
  func commitCount() throws -> Int {
    Int(try git(["rev-list", "--count", "refs/heads/main"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))!
  }

  /// A file's content at a revision, as git sees it.
  func show(_ revision: String, _ path: String) throws -> String? {
    let result = try git(["show", "\(revision):\(path)"], check: false)
    return result.status == 0 ? result.stdout : nil
  }

  /// The tree id of `path` at a revision.
  func treeID(_ revision: String, _ path: String = "") throws -> String {
    try git(["rev-parse", "\(revision):\(path)"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Writes a CSV to a scratch file outside the repository and returns its path.
  func scratchFile(_ name: String, _ contents: String) throws -> String {
    try folder.write("inbox/\(name)", contents).path
  }
}

/// The globex example's CSV header and rows, for edits.
enum Globex {
  static let header = "Full Name,Email,Employee ID,Department,Title,Hire Date,Manager's email,Picture URL,Location,Termination Date"

  static func rows() throws -> [String] {
    let text = try String(contentsOf: Paths.packageRoot.appendingPathComponent("tenants/globex/sources/hr.csv"), encoding: .utf8)
    return text.split(separator: "\n").dropFirst().map(String.init)
  }

  static func csv(_ rows: [String]) -> String { ([header] + rows).joined(separator: "\n") + "\n" }
}
