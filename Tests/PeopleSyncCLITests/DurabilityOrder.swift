import Foundation
import TestSupport

/// What a recorded run did to publish commits (move a branch), and whether each was durable first:
/// read from a `SyscallTrace` of the run, for a repository whose git folder is `gitDirectory`.
///
/// A branch update is published when its lock file (`refs/heads/<b>.lock`), synced, is renamed onto
/// the branch and the branch's folder is synced after. Before that rename, every file the same
/// thread moved into `objects/` since its last publication must have been synced before its move,
/// and the folder it went into synced after (folders it created under `objects/`: their parent).
struct DurabilityOrder {
  /// One branch update: the commit it wrote, its rename, and the sync of the folder that made it durable.
  struct Publication {
    let commit: String
    let rename: SyscallTrace.Call
    let durable: SyscallTrace.Call?
  }

  let trace: SyscallTrace
  let gitDirectory: String
  private(set) var publications: [Publication] = []
  /// Every rule a publication broke, in words.
  private(set) var problems: [String] = []

  init(trace: SyscallTrace, gitDirectory: String) {
    self.trace = trace
    self.gitDirectory = URL(fileURLWithPath: gitDirectory).resolvingSymlinksInPath().path
    check()
  }

  private var objects: String { gitDirectory + "/objects/" }

  /// Whether `path` is an object's or a pack's final name under `objects/` (not a temporary file).
  private func isObjectFile(_ path: String) -> Bool {
    guard path.hasPrefix(objects) else { return false }
    let name = (path as NSString).lastPathComponent
    return !name.hasPrefix("tmp") && !name.hasPrefix(".")
  }

  static func folder(_ path: String) -> String { (path as NSString).deletingLastPathComponent }

  /// The first sync of `path` that starts after `after` and ends before `before`.
  private func sync(of path: String, after: Int, before: Int = .max, thread: Int? = nil) -> SyscallTrace.Call? {
    trace.syncs(of: path).first { $0.start > after && $0.end < before && (thread == nil || $0.thread == thread) }
  }

  private mutating func check() {
    let renames = trace.calls.filter { call in
      guard call.succeeded, let move = call.move else { return false }
      return move.to.hasPrefix(gitDirectory + "/refs/heads/") && move.from.hasSuffix(".lock")
    }
    var previous: [Int: Int] = [:]
    for rename in renames {
      let (lock, branch) = rename.move!
      let written = trace.calls.last { $0.name == "write" && $0.descriptorPath == lock && $0.end < rename.start }
      let commit = String(written?.strings.first?.prefix(40) ?? "")
      if trace.syncs(of: lock).first(where: { $0.end < rename.start }) == nil {
        problems.append("\(branch) → \(commit.prefix(10)): its lock file was renamed without being synced first")
      }
      let durable = sync(of: Self.folder(branch), after: rename.end)
      if durable == nil { problems.append("\(branch) → \(commit.prefix(10)): the folder holding it was never synced after the rename") }
      publications.append(Publication(commit: commit, rename: rename, durable: durable))
      let since = previous[rename.thread] ?? -1
      previous[rename.thread] = rename.end
      for call in trace.calls where call.thread == rename.thread && call.start > since && call.end < rename.start && call.succeeded {
        if let move = call.move, isObjectFile(move.to) {
          let name = move.to.dropFirst(gitDirectory.count + 1)
          if !trace.syncs(of: move.from).contains(where: { $0.end < call.start }) {
            problems.append("\(name) (for \(commit.prefix(10))): moved into place before its contents were synced")
          }
          if sync(of: Self.folder(move.to), after: call.end, before: rename.start) == nil {
            problems.append("\(name) (for \(commit.prefix(10))): its folder was not synced between its move and the branch update")
          }
        } else if call.name.hasPrefix("mkdir"), let made = call.strings.first, made.hasPrefix(objects) {
          if sync(of: Self.folder(made), after: call.end, before: rename.start) == nil {
            problems.append(
              "\(made.dropFirst(gitDirectory.count + 1)) (for \(commit.prefix(10))): created, and its parent not synced before the branch update"
            )
          }
        }
      }
    }
  }

  /// The publication of `commit`, if the run made one.
  func publication(of commit: String) -> Publication? { publications.first { $0.commit == commit } }

  /// Files moved into `objects/` anywhere in the run (merged packs too) that were not synced before
  /// their move, or whose folder was never synced after it.
  var unsyncedObjects: [String] {
    trace.calls.compactMap { call in
      guard call.succeeded, let move = call.move, isObjectFile(move.to) else { return nil }
      let synced = trace.syncs(of: move.from).contains { $0.end < call.start }
      let placed = sync(of: Self.folder(move.to), after: call.end) != nil
      return synced && placed ? nil : String(move.to.dropFirst(gitDirectory.count + 1))
    }
  }

  /// The calls that sent an HTTP answer with `status`, in order.
  func answers(status: Int) -> [SyscallTrace.Call] {
    trace.calls.filter { ["sendmsg", "sendto", "writev", "write"].contains($0.name) && $0.arguments.contains("\"HTTP/1.1 \(status) ") }
  }
}
