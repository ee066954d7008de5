import Foundation
import GitKit

/// `--push`: commits are published by pushing them to a remote's branch, and planned on the
/// remote's head, never on a local one the remote may not have.
///
/// The local branch only ever follows the remote: `start` fetches the branch and fast-forwards the
/// local one to it (a local branch holding commits the remote lacks is refused: nothing is
/// rebased, nothing is pushed but what was planned here). `publish` pushes one commit made on the
/// fetched head with a compare-and-swap (the remote's branch must still be that head); once the
/// remote holds it, the local branch moves to it. When the remote does not take it (it moved, or
/// refused), the branch is fetched again, the local branch fast-forwarded to the new head, and
/// the caller plans again there: the sync commit that lost is dropped, never rebased.
package final class BranchPush {
  /// Attempts per commit before giving up with the contention error.
  package static let maxAttempts = 5

  let repository: Repository
  let settings: Settings
  let remote: Remote
  /// The branch HEAD points at, pushed to the remote's branch of the same name.
  package let branch: String
  let credentials: PushCredentials
  /// The remote's answer to the last push it did not take.
  private var lastRefusal: String?
  /// How long to wait after a rejected push before the next attempt; nil for a short random pause.
  var pause: ((Int) -> Void)?

  /// Prepares pushing the branch HEAD points at to `remoteName` (a configured remote, a URL or a path).
  package init(_ app: AppContext, remote remoteName: String) throws {
    let (repository, settings) = (app.repository, app.settings)
    self.repository = repository
    self.settings = settings
    credentials = PushCredentials(environment: settings.environment)
    branch = try context("reading HEAD") { try repository.headBranch() }
    remote = try Self.guarded(nil, credentials) { try Remote.open(remoteName, in: repository) }
  }

  /// The remote and branch, as messages name them (`origin/main`).
  package var target: String {
    remote.name.map { "\($0)/\(Self.shortName(branch))" } ?? "\(Self.shortName(branch)) of \(remote.display)"
  }

  /// Fetches the branch and fast-forwards the local branch to it; returns the remote's head.
  @discardableResult
  package func start() throws -> ObjectID {
    let head = try fetch()
    try follow(head)
    return head
  }

  /// Pushes `commit`, made on `head`, as `what` ("sync acme"): true once the remote holds it and the
  /// local branch points at it. False when the remote did not take it: the local branch then
  /// holds the remote's new head, for the caller to plan again on.
  func publish(_ commit: ObjectID, on head: ObjectID, what: String, attempt: Int) throws -> Bool {
    let result = try Self.guarded("\(what) was not pushed to \(target)", refused: "pushing \(what) to \(target)", credentials) {
      try remote.push(commit, to: branch, expected: head, credentials: credentials.provider)
    }
    switch result {
    case .pushed:
      do {
        try repository.updateReference(branch, to: commit, expected: head, logMessage: "peoplesync: \(what), pushed to \(target)")
      } catch let error as GitError where error.isConcurrentUpdate {
        settings.notes("\(Self.shortName(branch)) moved here while \(what) was pushed; it is left as it is (\(target) has \(commit.short))")
      }
      return true
    case .rejected(let reason):
      lastRefusal = reason
      let fetched = try fetch()
      if attempt < Self.maxAttempts {
        let moved = fetched == head ? "it has not moved from \(head.short)" : "it moved to \(fetched.short)"
        settings.notes(
          "\(target) did not take \(what) (attempt \(attempt) of \(Self.maxAttempts): \(reason)); \(moved): planning again there")
      }
      try follow(fetched)
      (pause ?? Self.randomPause)(attempt)
      return false
    }
  }

  /// The error after `maxAttempts` pushes of `what` the remote did not take.
  func contention(_ what: String) -> AppError {
    .contention(
      "\(target) did not take \(what) in \(Self.maxAttempts) attempts (each time its branch had moved, or it refused; "
        + "its last answer: \(lastRefusal ?? "none")); nothing of \(what) was pushed")
  }

  private func fetch() throws -> ObjectID {
    let head = try Self.guarded(nil, refused: "fetching \(target)", credentials) {
      try remote.fetch(branch: branch, credentials: credentials.provider)
    }
    guard let head else {
      throw AppError.repository("\(remote.display) has no branch \(Self.shortName(branch)): push the state repository there first")
    }
    return head
  }

  /// Moves the local branch to `head` when it is behind it; refuses commits the remote lacks.
  private func follow(_ head: ObjectID) throws {
    let local = try repository.referenceTarget(branch)
    guard local != head else { return }
    if let local, try repository.mergeBase(local, head) != local {
      let ahead = try repository.aheadBehind(local, head).ahead
      let name = Self.shortName(branch)
      throw AppError.repository(
        "\(name) has \(ahead) commit\(ahead == 1 ? "" : "s") that \(target) does not (\(name) is at \(local.short), \(target) at \(head.short)). "
          + "--push plans on the remote's branch and never rebases: push them first (git push \(remote.display) \(name)) "
          + "or drop them (git reset --keep \(remote.display)/\(name)); nothing was synced")
    }
    let old = try local.map { try repository.commit($0).tree }
    let new = try repository.commit(head).tree
    WorkingTree.expect(repository, branch: branch, from: old, to: new)
    try context("moving \(Self.shortName(branch)) to \(target) (\(head.short))") {
      try repository.updateReference(branch, to: head, expected: local, logMessage: "peoplesync: fast-forward to \(target)")
    }
    WorkingTree.follow(repository, branch: branch, from: old, to: new)
  }

  /// Runs a remote operation, its failures as the application's errors, without the token.
  /// `what` prefixes libgit2's failures (nil: their own context says it all); `refused` prefixes a
  /// remote's refusal of the credentials.
  private static func guarded<T>(
    _ what: String?, refused: String? = nil, _ credentials: PushCredentials, _ body: () throws -> T
  ) throws -> T {
    do {
      return try body()
    } catch let error as AppError {
      throw error
    } catch let error as RemoteError {
      throw AppError.repository(credentials.redact([refused ?? what, "\(error)"].compactMap { $0 }.joined(separator: ": ")))
    } catch {
      throw AppError.repository(credentials.redact([what, "\(error)"].compactMap { $0 }.joined(separator: ": ")))
    }
  }

  private static func randomPause(_ attempt: Int) {
    // Pushers that lost together should not try again together.
    usleep(UInt32.random(in: 50_000...200_000) * UInt32(min(attempt, 4)))
  }

  static func shortName(_ branch: String) -> String {
    branch.hasPrefix("refs/heads/") ? String(branch.dropFirst("refs/heads/".count)) : branch
  }
}
