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

/// Hears of each commit the committer moves the branch to: just before (with the head it was
/// made on), and once the branch points at it.
protocol BranchObserver: AnyObject, Sendable {
  func publishing(from base: ObjectID?, to commit: ObjectID)
  func published(_ commit: ObjectID)
}

/// One thread owns the repository handle for writing; callers only wait.
final class GroupCommitter: @unchecked Sendable {
  /// A file to write (`contents`), or to remove (nil).
  struct Change {
    let path: String
    let contents: [UInt8]?
  }

  /// What a ticket built instead of changes makes of the branch head (commit and tree, when
  /// there is one) with the committer's handle and writer: a tree and its commit message, or nil
  /// to commit nothing.
  typealias Build = (Repository, ObjectID?, ObjectID?, ObjectWriter) throws -> (tree: ObjectID, message: String)?

  /// A queued write; `wait` blocks until it is committed.
  final class Ticket {
    let changes: [Change]
    let summary: String
    let tenant: String?
    let prerequisite: CommitPrerequisite?
    /// Committed alone, between batches of changes: a follow-sync's commit.
    var build: Build?
    /// The commit a built ticket made, if it made one.
    var made: ObjectID?
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
  private let gitDirectory: String
  /// Where each commit's objects go: one pack per commit, merged on a thread of their own as they accumulate.
  private let packs: PackStack
  private var packsRemoved = 0
  /// The last commit made here and its tree: the next one's base, known without reading it back.
  private var last: (commit: ObjectID, tree: ObjectID)?
  private let author: (name: String, email: String)
  private let now: @Sendable () -> Date
  /// Told of each commit the branch moves to.
  private let observer: BranchObserver?
  private let condition = NSCondition()
  private var queue: [Ticket] = []
  private var stopping = false
  private var thread: Thread?
  /// Runs on a thread of its own (the follower), with a repository handle of its own, for the
  /// tenants written since it last ran: at once when it last ran long enough ago, otherwise as
  /// soon as it has (see `runFollower`). It plans while writes are committed, and commits through
  /// `commitBuilt`. Set it before the first write.
  var follow: ((Repository, Set<String>) -> Void)? {
    didSet { startFollower() }
  }
  private var dirty: Set<String> = []
  /// Wakes the follower when `dirty` fills, and when the server stops. Not `condition`: every
  /// queued write broadcasts on that, and would wake a follower that is waiting out its pause.
  private let followWake = DispatchSemaphore(value: 0)
  private var lastFollow = Date.distantPast
  private var followGap = minimumGap
  /// At most five syncs a second, however quiet: a trickle of writes makes a sync commit per
  /// fifth of a second at most, not one per write.
  static let minimumGap: TimeInterval = 0.2
  private var follower: Thread?
  /// Set while the committer writes a batch: its writes are not yet in `dirty`.
  private var writing = false
  /// When the committer last finished a batch of writes (not a follower's sync).
  private var lastBatch = Date.distantPast
  /// As long as the last follow's CPU time, at least 20 ms: writes paused this long have stopped,
  /// as far as the follower is concerned. Not shorter: at a few writes a second, a large tenant
  /// would be followed without pause.
  private var quietAfter: TimeInterval = 0.02
  /// No write queued or being written for `quietAfter`: the follower need not wait out its pause.
  /// Called under the lock.
  private var quiet: Bool { queue.isEmpty && !writing && Date() >= lastBatch.addingTimeInterval(quietAfter) }
  /// After `stopping`, once the follower is done: the committer ends when its queue is empty.
  private var closing = false
  /// Commits made and writes they held, for the log and tests.
  private(set) var commits = 0
  private(set) var writes = 0

  init(
    repository: Repository, author: (name: String, email: String), now: @escaping @Sendable () -> Date,
    observer: BranchObserver? = nil
  ) throws {
    self.repository = repository
    gitDirectory = repository.gitDirectory
    packs = try PackStack(repository: repository, background: true)
    self.author = author
    self.now = now
    self.observer = observer
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
    try queue(Ticket(changes: changes, summary: summary, tenant: tenant, prerequisite: prerequisite))
  }

  /// Commits what `build` makes of the branch head, alone, and returns the commit (nil when
  /// `build` made none). Taken while the server stops, until the follower is done.
  func commitBuilt(_ build: @escaping Build) throws -> ObjectID? {
    let ticket = Ticket(changes: [], summary: "", tenant: nil)
    ticket.build = build
    try wait(try queue(ticket))
    return ticket.made
  }

  private func queue(_ ticket: Ticket) throws -> Ticket {
    condition.lock()
    defer { condition.unlock() }
    guard !(ticket.build == nil ? stopping : closing) else { throw GroupCommitError.stopped }
    queue.append(ticket)
    condition.broadcast()
    return ticket
  }

  /// Blocks until the ticket's commit is made, or throws why it was not.
  func wait(_ ticket: Ticket) throws {
    ticket.committed.wait()
    if let error = ticket.error { throw error }
  }

  /// Commits what is queued, lets the follower sync what it leaves, then ends both threads.
  func stop() {
    condition.lock()
    stopping = true
    condition.broadcast()
    followWake.signal()
    while follower != nil { condition.wait() }
    closing = true
    condition.broadcast()
    while thread != nil { condition.wait() }
    condition.unlock()
  }

  private func run() {
    condition.lock()
    while true {
      while queue.isEmpty && !closing { condition.wait() }
      if queue.isEmpty && closing { break }
      // Changes are committed together; a built ticket alone.
      let count = queue[0].build != nil ? 1 : queue.prefix { $0.build == nil }.count
      let batch = Array(queue.prefix(count))
      queue.removeFirst(count)
      writing = true
      condition.unlock()
      var failure: Error?
      do { try batch[0].build != nil ? writeBuilt(batch[0]) : write(batch) } catch { failure = error }
      condition.lock()
      writing = false
      if batch[0].build == nil { lastBatch = Date() }
      if failure == nil, batch[0].build == nil {
        commits += 1
        writes += batch.count
      }
      let wasClean = dirty.isEmpty
      if failure == nil { dirty.formUnion(batch.lazy.compactMap(\.tenant)) }
      let filled = wasClean && !dirty.isEmpty
      condition.broadcast()
      condition.unlock()
      // Outside the lock: each signal is a system call, and writers queue under that lock.
      for ticket in batch {
        ticket.error = failure
        ticket.committed.signal()
      }
      if filled { followWake.signal() }
      condition.lock()
    }
    packs.close()
    thread = nil
    condition.broadcast()
    condition.unlock()
  }

  private func startFollower() {
    condition.withLock {
      guard follow != nil, follower == nil else { return }
      let thread = Thread { [unowned self] in self.runFollower() }
      thread.name = "peoplesync-follow"
      follower = thread
      thread.start()
    }
  }

  /// Follows the dirty tenants until the server stops, then once more for the writes committed
  /// last. While writes go on, the next follow waits three times the CPU time this one used (at
  /// least 0.2 s), so following never takes more than a quarter of a core, however large the
  /// tenant. Once no write came for as long as the last follow took, it follows as soon as 0.2 s
  /// have passed since the last (`minimumGap`). Not less than three times: a sync's cost grows
  /// with the people it provisions, and at thousands of creates a second an eighth of the time
  /// was measured falling further behind with each sync.
  private func runFollower() {
    var handle: Repository?
    var removed = -1
    condition.lock()
    while true {
      if stopping {
        // The last writes: once committed, they are in `dirty`.
        while !queue.isEmpty || writing { condition.wait() }
      } else if dirty.isEmpty || Date() < lastFollow.addingTimeInterval(quiet ? Self.minimumGap : followGap) {
        // The pause keeps the follower's share while writes go on; once they stop, the
        // directory catches up without waiting it out.
        let pauseEnds = lastFollow.addingTimeInterval(followGap)
        let quietCounts = max(
          Date().addingTimeInterval(0.02), lastBatch.addingTimeInterval(quietAfter), lastFollow.addingTimeInterval(Self.minimumGap))
        let until = dirty.isEmpty ? nil : min(pauseEnds, quietCounts)
        condition.unlock()
        if let until { _ = followWake.wait(timeout: .now() + until.timeIntervalSinceNow) } else { followWake.wait() }
        condition.lock()
        continue
      }
      let tenants = dirty
      dirty = []
      let last = stopping
      condition.unlock()
      if !tenants.isEmpty, let follow {
        let start = Self.threadCPUTime()
        // A handle of its own, opened again once packs it listed are merged away.
        if handle == nil || packs.removed != removed {
          removed = packs.removed
          handle = try? Repository.open(at: gitDirectory)
          if let handle { adopt(handle) }
        }
        if let handle { PhaseTimer.measure("follow \(tenants.count) tenants") { follow(handle, tenants) } }
        let took = Self.threadCPUTime() - start
        condition.lock()
        lastFollow = Date()
        followGap = max(Self.minimumGap, 3 * took)
        quietAfter = max(0.02, took)
      } else {
        condition.lock()
      }
      if last { break }
    }
    follower = nil
    condition.broadcast()
    condition.unlock()
  }

  /// The calling thread's CPU time in seconds. The follower's pause is three times the CPU its last
  /// sync used, not the time it took: under load the HTTP threads share the cores with it, the
  /// syncs took longer than their CPU, and pauses in proportion left the directory further behind
  /// (1.5 and 3.7 s after the last of 100,000 creates in two runs, against 1.2 s).
  static func threadCPUTime() -> TimeInterval {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return TimeInterval(time.tv_sec) + TimeInterval(time.tv_nsec) / 1e9
  }

  /// Commits what a built ticket makes of the branch head.
  private func writeBuilt(_ ticket: Ticket) throws {
    guard let build = ticket.build else { return }
    ticket.made = try commit(build) { "peoplesync serve: \($0.prefix { $0 != "\n" })" }
  }

  private func write(_ batch: [Ticket]) throws {
    var persisted: Set<ObjectIdentifier> = []
    for case let prerequisite? in batch.map(\.prerequisite) where persisted.insert(ObjectIdentifier(prerequisite)).inserted {
      try prerequisite.persist()
    }
    _ = try commit({ repository, _, base, writer in
      var editor = TreeEditor()
      for ticket in batch {
        for change in ticket.changes {
          if let contents = change.contents {
            editor.set(change.path, to: try writer.write(contents, type: .blob))
          } else {
            editor.remove(change.path)
          }
        }
      }
      return (try editor.write(base: base, repository: repository, writer: writer), Self.message(batch))
    }) { _ in "peoplesync serve: \(batch.count) SCIM writes" }
  }

  /// Commits what `build` makes of the branch head and moves the branch to it; built again on
  /// top of another writer's commit (a sync, a push) when one moved the branch meanwhile.
  private func commit(_ build: Build, logMessage: (String) -> String) throws -> ObjectID? {
    try reopenAfterMerges()
    let branch = try repository.headBranch()
    for _ in 0..<20 {
      let head = try repository.referenceTarget(branch)
      let base = try head.map { head in try last.flatMap { $0.commit == head ? $0.tree : nil } ?? repository.commit(head).tree }
      let writer = BatchPackWriter(stack: packs)
      guard let (tree, message) = try build(repository, head, base, writer) else { return nil }
      let commit = try writer.writeCommit(
        tree: tree, parents: head.map { [$0] } ?? [], message: message, author: author, time: Int64(now().timeIntervalSince1970))
      try writer.finish()
      observer?.publishing(from: head, to: commit)
      do {
        try repository.updateReference(branch, to: commit, expected: head, logMessage: logMessage(message))
        observer?.published(commit)
        last = (commit, tree)
        return commit
      } catch let error as GitError where error.isConcurrentUpdate {
        continue
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

  /// Makes `handle` write into the committer's stack (the committer's own, and the follower's):
  /// their objects go into the same packs, and reflog entries name the author without reading git config.
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
