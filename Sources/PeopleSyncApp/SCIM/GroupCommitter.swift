import Foundation
import GitKit

/// Commits file changes to the branch HEAD points at, batching the writes that arrive while a
/// commit is being made into the next one (a group commit). `commit` returns once the change is in
/// a commit the branch points at: a SCIM write is acknowledged only after that.
///
/// What must be durable before a commit holding a write is published: an encrypted tenant's new keys.
protocol CommitPrerequisite: AnyObject {
  func persist() throws
}

/// One thread owns the repository handle for writing; callers only wait.
final class GroupCommitter: @unchecked Sendable {
  /// A file to write (`contents`), or to remove (nil).
  struct Change {
    let path: String
    let contents: [UInt8]?
  }

  /// A queued write; `wait` blocks until it is committed.
  final class Ticket {
    let changes: [Change]
    let summary: String
    let tenant: String?
    let prerequisite: CommitPrerequisite?
    var error: Error?
    /// Signalled once, when the commit holding the ticket is made (or has failed): only its caller wakes.
    let committed = DispatchSemaphore(value: 0)

    init(changes: [Change], summary: String, tenant: String?, prerequisite: CommitPrerequisite? = nil) {
      self.changes = changes
      self.summary = summary
      self.tenant = tenant
      self.prerequisite = prerequisite
    }
  }

  private var repository: Repository
  /// Where each commit's objects go: one pack per commit, merged on a thread of their own as they accumulate.
  private let packs: PackStack
  private var packsRemoved = 0
  /// The last commit made here and its tree: the next one's base, known without reading it back.
  private var last: (commit: ObjectID, tree: ObjectID)?
  private let author: (name: String, email: String)
  private let now: @Sendable () -> Date
  private let condition = NSCondition()
  private var queue: [Ticket] = []
  private var stopping = false
  private var thread: Thread?
  /// Runs on the committer's thread, with its repository handle, for the tenants written since it
  /// last ran: at once when it last ran long enough ago, otherwise as soon as it has (see `runFollow`).
  var follow: ((Repository, Set<String>) -> Void)?
  private var dirty: Set<String> = []
  private var lastFollow = Date.distantPast
  private var followGap: TimeInterval = 0.2
  /// Commits made and writes they held, for the log and tests.
  private(set) var commits = 0
  private(set) var writes = 0

  init(repository: Repository, author: (name: String, email: String), now: @escaping @Sendable () -> Date) throws {
    self.repository = repository
    packs = try PackStack(repository: repository, background: true)
    self.author = author
    self.now = now
    adopt(repository)
    let thread = Thread { [unowned self] in self.run() }
    thread.name = "peoplesync-commit"
    self.thread = thread
    thread.start()
  }

  /// Blocks until `changes` are committed (with others' changes, perhaps), or throws why not.
  func commit(_ changes: [Change], summary: String, tenant: String? = nil) throws {
    try wait(try enqueue(changes, summary: summary, tenant: tenant))
  }

  /// Queues `changes` without waiting: writes are committed in the order they were queued, so a
  /// caller that queues while holding its own lock commits in that lock's order.
  func enqueue(_ changes: [Change], summary: String, tenant: String? = nil, prerequisite: CommitPrerequisite? = nil) throws -> Ticket {
    let ticket = Ticket(changes: changes, summary: summary, tenant: tenant, prerequisite: prerequisite)
    condition.lock()
    defer { condition.unlock() }
    guard !stopping else { throw GroupCommitError.stopped }
    queue.append(ticket)
    condition.broadcast()
    return ticket
  }

  /// Blocks until the ticket's commit is made, or throws why it was not.
  func wait(_ ticket: Ticket) throws {
    ticket.committed.wait()
    if let error = ticket.error { throw error }
  }

  /// Commits what is queued, then ends the thread.
  func stop() {
    condition.lock()
    stopping = true
    condition.broadcast()
    while thread != nil { condition.wait() }
    condition.unlock()
  }

  private func run() {
    condition.lock()
    while true {
      while queue.isEmpty && !stopping {
        guard follow != nil, !dirty.isEmpty else {
          condition.wait()
          continue
        }
        let due = lastFollow.addingTimeInterval(followGap)
        if Date() >= due { runFollow() } else { _ = condition.wait(until: due) }
      }
      if queue.isEmpty && stopping {
        if follow != nil, !dirty.isEmpty { runFollow() }
        break
      }
      let batch = queue
      queue = []
      condition.unlock()
      var failure: Error?
      do { try write(batch) } catch { failure = error }
      condition.lock()
      if failure == nil {
        commits += 1
        writes += batch.count
      }
      for ticket in batch {
        ticket.error = failure
        ticket.committed.signal()
        if failure == nil, let tenant = ticket.tenant { dirty.insert(tenant) }
      }
      if follow != nil, !dirty.isEmpty, Date() >= lastFollow.addingTimeInterval(followGap) { runFollow() }
    }
    packs.close()
    thread = nil
    condition.broadcast()
    condition.unlock()
  }

  /// Runs `follow` for the dirty tenants without the lock (writes queue up meanwhile). The next one
  /// waits three times as long as this one took (at least 0.2 s), so following never takes more
  /// than a quarter of the committer's time, however large the tenant. Not less: a sync's cost
  /// grows with the people it provisions, and at thousands of creates a second an eighth of the
  /// time was measured falling further behind with each sync.
  private func runFollow() {
    guard let follow else { return }
    let tenants = dirty
    dirty = []
    condition.unlock()
    let start = Date()
    try? reopenAfterMerges()
    PhaseTimer.measure("follow \(tenants.count) tenants") { follow(repository, tenants) }
    let took = Date().timeIntervalSince(start)
    condition.lock()
    lastFollow = Date()
    followGap = max(0.2, 3 * took)
  }

  private func write(_ batch: [Ticket]) throws {
    var persisted: Set<ObjectIdentifier> = []
    for case let prerequisite? in batch.map(\.prerequisite) where persisted.insert(ObjectIdentifier(prerequisite)).inserted {
      try prerequisite.persist()
    }
    try reopenAfterMerges()
    let branch = try repository.headBranch()
    for _ in 0..<20 {
      let head = try repository.referenceTarget(branch)
      let base = try head.map { head in try last.flatMap { $0.commit == head ? $0.tree : nil } ?? repository.commit(head).tree }
      var editor = TreeEditor()
      let writer = BatchPackWriter(stack: packs)
      for ticket in batch {
        for change in ticket.changes {
          if let contents = change.contents {
            editor.set(change.path, to: try writer.write(contents, type: .blob))
          } else {
            editor.remove(change.path)
          }
        }
      }
      let tree = try editor.write(base: base, repository: repository, writer: writer)
      let commit = try writer.writeCommit(
        tree: tree, parents: head.map { [$0] } ?? [], message: Self.message(batch), author: author, time: Int64(now().timeIntervalSince1970)
      )
      try writer.finish()
      do {
        try repository.updateReference(branch, to: commit, expected: head, logMessage: "peoplesync serve: \(batch.count) SCIM writes")
        last = (commit, tree)
        return
      } catch let error as GitError where error.isConcurrentUpdate {
        continue  // another writer (a sync, a push) moved the branch: rebuild on top of it
      }
    }
    throw GroupCommitError.contention
  }

  /// A handle that listed packs merged away since keeps looking in them; a fresh one lists what is there.
  private func reopenAfterMerges() throws {
    guard packs.removed != packsRemoved else { return }
    repository = try Repository.open(at: repository.gitDirectory)
    adopt(repository)
    packsRemoved = packs.removed
  }

  /// Makes `handle` the committer's: the follow-syncs write through it too, so their objects go
  /// into the same stack; its reflog entries name the author without reading git config.
  private func adopt(_ handle: Repository) {
    handle.smallWrites = packs
    handle.setIdentity(name: author.name, email: author.email)
  }

  /// `scim: 3 writes` and one line per write; a batch of one is that write's line.
  static func message(_ batch: [Ticket]) -> String {
    if batch.count == 1 { return batch[0].summary + "\n" }
    let lines = batch.prefix(200).map(\.summary)
    let more = batch.count > 200 ? ["… and \(batch.count - 200) more"] : []
    return (["scim: \(batch.count) writes", ""] + lines + more).joined(separator: "\n") + "\n"
  }
}

enum GroupCommitError: Error, CustomStringConvertible {
  case stopped
  case contention

  var description: String {
    switch self {
    case .stopped: "the server is stopping"
    case .contention: "the branch kept moving under other writers"
    }
  }
}
