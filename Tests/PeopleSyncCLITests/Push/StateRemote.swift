import Foundation
import TestSupport
import Testing

/// A bare repository holding the example tenants: the remote the `--push` tests push to.
final class StateRemote: @unchecked Sendable {
  let repository: TemporaryRepository
  /// Where `main` was before the pushes a test checks (reset by tests that commit more first).
  var start: String

  init(tenants: [String]? = nil) throws {
    repository = try TemporaryRepository.withExamples(bare: true, tenants: tenants)
    start = try repository.head()
    let folder = repository.folder.path
    environment = ["XDG_CONFIG_HOME": folder + "/config", "PEOPLESYNC_KEYSTORE": folder + "/keys"]
  }

  var path: String { repository.path }
  var folder: String { repository.folder.path }

  /// What every clone runs peoplesync with: one master key and one keystore, as on a CI runner.
  var environment: [String: String]

  /// A non-bare clone with `main` checked out, made from `url` (default: the remote's path).
  func clone(_ name: String, from url: String? = nil) throws -> Clone {
    let path = folder + "/clones/" + name
    try FileManager.default.createDirectory(atPath: folder + "/clones", withIntermediateDirectories: true)
    let result = try Shell.run(["git", "clone", "-q", url ?? self.path, path])
    guard result.status == 0 else { throw TestFailure("git clone: \(result.transcript)") }
    return Clone(path: path, environment: environment)
  }

  func head() throws -> String { try repository.head() }

  /// Installs a hook in the remote (run by git's receive-pack: over git://, ssh, https).
  func hook(_ name: String, _ script: String) throws {
    let file = path + "/hooks/" + name
    try script.write(toFile: file, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file)
  }

  /// The commits pushed since `start`, oldest first, following first parents.
  func pushed() throws -> [String] {
    try repository.git(["rev-list", "--reverse", "--first-parent", "\(start)..main"]).stdout.split(separator: "\n").map(String.init)
  }

  func subject(_ commit: String) throws -> String {
    try repository.git(["show", "-s", "--format=%s", commit]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  func parent(_ commit: String) throws -> String {
    try repository.git(["rev-parse", "\(commit)^"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// The history is one line, `git fsck --strict` passes, and every sync commit since `start` was
  /// planned on its parent (no `PeopleSync-Planned-On`) and replays to the same tree.
  func expectSound(sourceLocation: SourceLocation = #_sourceLocation) throws {
    let fsck = try repository.git(["fsck", "--strict", "--no-progress"], check: false)
    #expect(fsck.status == 0, "git fsck --strict on the remote: \(fsck.transcript)", sourceLocation: sourceLocation)
    #expect(try repository.git(["rev-list", "--merges", "main"]).stdout.isEmpty, "a merge on the remote", sourceLocation: sourceLocation)
    let verifier = try clone("verifier-\(UUID().uuidString.prefix(6))")
    for commit in try pushed() where try subject(commit).hasPrefix("sync ") {
      let trailers = try repository.git(["show", "-s", "--format=%(trailers:key=PeopleSync-Planned-On)", commit]).stdout
      #expect(
        trailers.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(commit) was planned elsewhere than on its parent",
        sourceLocation: sourceLocation)
      let replay = try verifier.peoplesync(["replay", commit])
      #expect(replay.status == 0, "replay \(commit): \(replay.transcript)", sourceLocation: sourceLocation)
    }
  }
}

/// A clone of the state remote, where people (and CI) run `peoplesync sync --push`.
struct Clone: Sendable {
  let path: String
  let environment: [String: String]

  /// Runs the built `peoplesync` on this clone.
  func peoplesync(_ arguments: [String], environment extra: [String: String] = [:]) throws -> ProcessResult {
    try Shell.run([Paths.peoplesync] + arguments + ["--repo", path], in: path, environment: environment.merging(extra) { $1 })
  }

  @discardableResult
  func git(_ arguments: [String]) throws -> ProcessResult {
    let result = try Shell.run(["git"] + arguments, in: path)
    guard result.status == 0 else { throw TestFailure("git \(arguments.joined(separator: " ")): \(result.transcript)") }
    return result
  }

  func head() throws -> String { try git(["rev-parse", "refs/heads/main"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) }

  /// `git status --porcelain`: empty when the checkout matches the branch.
  func status() throws -> String { try git(["status", "--porcelain"]).stdout }
}

/// `git daemon` serving a folder's repositories over git:// with pushes allowed: receive-pack, and
/// so the remote's hooks, run for every push, as on a real server.
final class GitDaemon: @unchecked Sendable {
  let process: ServerProcess
  let port: UInt16

  init(serving folder: String) throws {
    port = try freePort()
    // The daemon itself rather than `git daemon`, whose wrapper would leave it running when stopped.
    let execPath = try Shell.run(["git", "--exec-path"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    process = try ServerProcess(
      [
        execPath + "/git-daemon", "--reuseaddr", "--export-all", "--enable=receive-pack", "--base-path=\(folder)",
        "--listen=127.0.0.1", "--port=\(port)", folder,
      ], folder: folder)
    let deadline = Date().addingTimeInterval(20)
    while try Shell.run(["git", "ls-remote", url("repo")]).status != 0 {
      guard Date() < deadline, process.isRunning else { throw TestFailure("git daemon did not start: \(process.transcript)") }
      usleep(100_000)
    }
  }

  /// The git:// URL of the repository `name` in the served folder.
  func url(_ name: String) -> String { "git://127.0.0.1:\(port)/\(name)" }

  deinit { process.stop(SIGKILL) }
}

/// A TCP port nothing listens on right now.
func freePort() throws -> UInt16 {
  let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  defer { close(socket) }
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_addr.s_addr = inet_addr("127.0.0.1")
  var length = socklen_t(MemoryLayout<sockaddr_in>.size)
  let bound = withUnsafeMutablePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
  }
  guard bound else { throw TestFailure("no free port") }
  return UInt16(bigEndian: address.sin_port)
}
