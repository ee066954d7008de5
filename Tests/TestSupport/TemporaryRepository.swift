import Foundation

/// A real git repository in a temporary folder, driven by the real `git` program.
///
/// Non-bare repositories are edited through their working tree and committed with
/// `git`; bare ones get commits made in a scratch clone and pushed.
public final class TemporaryRepository: @unchecked Sendable {
  public let folder: TemporaryDirectory
  public let bare: Bool
  /// The repository itself (the `.git`-less folder for bare ones).
  public var path: String { folder.url.appendingPathComponent("repo").path }
  private var scratch: String { folder.url.appendingPathComponent("work").path }

  /// An empty repository whose branch is `main`.
  public init(bare: Bool = false) throws {
    folder = try TemporaryDirectory(prefix: "peoplesync-repo")
    self.bare = bare
    if bare {
      try git(["init", "-q", "--bare", "-b", "main", path], in: folder.path)
      try git(["clone", "-q", path, scratch], in: folder.path)
      try git(["checkout", "-q", "-b", "main"], in: scratch)
    } else {
      try git(["init", "-q", "-b", "main", path], in: folder.path)
    }
  }

  /// A repository holding a copy of this checkout's `tenants/` and `schemas/`, committed.
  public static func withExamples(bare: Bool = false, tenants: [String]? = nil) throws -> TemporaryRepository {
    let repository = try TemporaryRepository(bare: bare)
    let root = Paths.packageRoot
    let all = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("tenants").path).sorted()
    for name in tenants ?? all {
      try repository.copyFolder(root.appendingPathComponent("tenants/\(name)"), to: "tenants/\(name)")
    }
    try repository.copyFolder(root.appendingPathComponent("schemas"), to: "schemas")
    try repository.commitAll("Add example tenants")
    return repository
  }

  /// The folder files are edited in before `commitAll`.
  public var workTree: String { bare ? scratch : path }

  /// Writes a file into the working tree (not committed yet).
  public func write(_ relative: String, _ contents: String) throws {
    try write(relative, Data(contents.utf8))
  }

  public func write(_ relative: String, _ contents: Data) throws {
    let file = URL(fileURLWithPath: workTree).appendingPathComponent(relative)
    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try contents.write(to: file)
  }

  /// Copies a folder from disk into the working tree.
  public func copyFolder(_ source: URL, to relative: String) throws {
    let target = URL(fileURLWithPath: workTree).appendingPathComponent(relative)
    try? FileManager.default.removeItem(at: target)
    try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: source, to: target)
  }

  /// Commits everything in the working tree on `main` and returns the commit id.
  @discardableResult
  public func commitAll(_ message: String) throws -> String {
    if bare {
      // The product may have committed to the bare repository since; build on its tip.
      try git(["fetch", "-q", "origin"], in: scratch)
      if try git(["ls-remote", "--heads", "origin", "main"], in: scratch).stdout.isEmpty == false {
        try git(["reset", "-q", "--soft", "origin/main"], in: scratch)
      }
    } else {
      // Keep the index in step with the branch the product moves, so only our edits are committed.
      if try git(["rev-parse", "--verify", "-q", "HEAD"], in: path, check: false).status == 0 {
        try git(["reset", "-q", "--mixed", "HEAD"], in: path)
      }
    }
    try git(["add", "-A"], in: workTree)
    try git(["commit", "-q", "--allow-empty", "-m", message], in: workTree)
    if bare { try git(["push", "-q", "origin", "main"], in: scratch) }
    return try head()
  }

  /// The commit `main` points at.
  public func head() throws -> String {
    try git(["rev-parse", "refs/heads/main"], in: path).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Runs `git` in the repository and fails the test on a non-zero exit unless `check` is false.
  @discardableResult
  public func git(_ arguments: [String], check: Bool = true) throws -> ProcessResult {
    try git(arguments, in: path, check: check)
  }

  @discardableResult
  func git(_ arguments: [String], in directory: String, check: Bool = true) throws -> ProcessResult {
    let result = try Shell.run(["git"] + arguments, in: directory)
    if check && result.status != 0 {
      throw TestFailure("git \(arguments.joined(separator: " ")) failed: \(result.transcript)")
    }
    return result
  }

  /// What every `peoplesync` run of this repository's gets: a configuration folder of its own, so
  /// the master key generated on first use is this test's, not shared with tests running beside it.
  public var environment: [String: String] { ["XDG_CONFIG_HOME": folder.url.appendingPathComponent("config").path] }

  /// The master key file `peoplesync` generates for this repository's runs.
  public var masterKeyFile: URL { folder.url.appendingPathComponent("config/peoplesync/master.key") }

  /// Runs the built `peoplesync` against this repository.
  @discardableResult
  public func peoplesync(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
    try Shell.run(
      [Paths.peoplesync] + arguments + ["--repo", path], in: folder.path, environment: self.environment.merging(environment) { $1 })
  }
}

/// A failure in test setup, with what went wrong.
public struct TestFailure: Error, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}
