import CLibGit2
import Foundation
import PackKit

/// A remote of a repository: one configured by name (`origin`), or a URL or path used as is.
/// Owns its libgit2 handle; use it on the thread of its repository.
public final class Remote {
  let pointer: OpaquePointer
  let repository: Repository
  /// The configured name; nil for a URL or path.
  public let name: String?
  /// Where pushes go (`pushurl` when configured, else `url`).
  public let pushURL: String
  /// Where fetches come from.
  public let url: String

  private init(pointer: OpaquePointer, repository: Repository, name: String?) {
    self.pointer = pointer
    self.repository = repository
    self.name = name
    url = git_remote_url(pointer).map { String(cString: $0) } ?? ""
    pushURL = git_remote_pushurl(pointer).map { String(cString: $0) } ?? url
  }

  deinit { git_remote_free(pointer) }

  /// The remote configured as `nameOrURL`, else `nameOrURL` as a URL or path when it looks like one.
  public static func open(_ nameOrURL: String, in repository: Repository) throws -> Remote {
    var handle: OpaquePointer?
    let rc = git_remote_lookup(&handle, repository.pointer, nameOrURL)
    if rc == 0 { return Remote(pointer: handle!, repository: repository, name: nameOrURL) }
    guard rc == GIT_ENOTFOUND.rawValue || rc == GIT_EINVALIDSPEC.rawValue else {
      try check(rc, "reading remote '\(nameOrURL)'")
      throw GitError(code: rc, message: "reading remote '\(nameOrURL)'")
    }
    git_error_clear()
    guard nameOrURL.contains("/") || nameOrURL.contains(":") else { throw RemoteError.unknownRemote(nameOrURL) }
    try check(git_remote_create_anonymous(&handle, repository.pointer, nameOrURL), "using \(Remote.redacted(nameOrURL)) as a remote")
    return Remote(pointer: handle!, repository: repository, name: nil)
  }

  /// The remote's name, or its push URL without any password in it, for messages.
  public var display: String { name ?? Self.redacted(pushURL) }

  /// `url` with the password of a `scheme://user:password@host` form replaced by `***`.
  public static func redacted(_ url: String) -> String {
    guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else { return url }
    let userInfo = url[scheme.upperBound..<at]
    guard let colon = userInfo.firstIndex(of: ":") else { return url }
    return String(url[..<colon]) + ":***" + String(url[at...])
  }

  /// The remote-tracking reference the remote's fetch refspecs map `branch` to
  /// (`refs/remotes/origin/main`), nil for a URL or when none does.
  public func trackingReference(for branch: String) -> String? {
    guard name != nil else { return nil }
    for index in 0..<git_remote_refspec_count(pointer) {
      guard let spec = git_remote_get_refspec(pointer, index), git_refspec_direction(spec) == GIT_DIRECTION_FETCH,
        git_refspec_src_matches(spec, branch) == 1
      else { continue }
      var buffer = git_buf()
      defer { git_buf_dispose(&buffer) }
      guard git_refspec_transform(&buffer, spec, branch) == 0, let text = buffer.ptr else {
        git_error_clear()
        continue
      }
      return String(cString: text)
    }
    return nil
  }

  /// Fetches `branch` (a full name, `refs/heads/main`) and returns the commit the remote has it
  /// at, nil when the remote has no such branch. The remote-tracking reference follows.
  public func fetch(branch: String, credentials: CredentialProvider?) throws -> ObjectID? {
    var options = git_fetch_options()
    git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION))
    options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
    options.proxy_opts.type = GIT_PROXY_AUTO
    let session = RemoteSession(provider: credentials, display: display)
    session.install(&options.callbacks)
    let spec = trackingReference(for: branch).map { "+\(branch):\($0)" } ?? branch
    let rc = withStringArray([spec]) { specs in git_remote_fetch(pointer, &specs, &options, "peoplesync: fetch") }
    try withExtendedLifetime(session) { try session.check(rc, "fetching \(branch) from \(display)") }
    // The advertisement the fetch was made from: exactly the commit it downloaded.
    var heads: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
    var count = 0
    try check(git_remote_ls(&heads, &count, pointer), "listing the branches of \(display)")
    for index in 0..<count {
      guard let head = heads?[index]?.pointee, String(cString: head.name) == branch else { continue }
      return ObjectID(head.oid)
    }
    return nil
  }

  /// Makes `branch` on the remote point at `commit` if it still points at `expected` (nil: absent):
  /// a compare-and-swap across the network. `.rejected` when it moved or the remote refused.
  public func push(_ commit: ObjectID, to branch: String, expected: ObjectID?, credentials: CredentialProvider?) throws
    -> PushResult
  {
    if let path = Self.localPath(pushURL) {
      return try pushLocally(commit, to: branch, expected: expected, path: path)
    }
    // libgit2 1.5 pushes references, not ids: a scratch one of this process names the commit.
    let scratch = "refs/peoplesync/push/\(getpid())"
    try repository.setReference(scratch, to: commit, logMessage: "peoplesync: push")
    defer { try? repository.deleteReference(scratch) }
    var options = git_push_options()
    git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION))
    options.proxy_opts.type = GIT_PROXY_AUTO
    let session = RemoteSession(provider: credentials, display: display)
    session.lease = (branch, expected)
    session.install(&options.callbacks)
    let rc = withStringArray(["\(scratch):\(branch)"]) { specs in git_remote_push(pointer, &specs, &options) }
    return try withExtendedLifetime(session) {
      if let broken = session.leaseBroken {
        git_error_clear()
        return .rejected(reason: broken)
      }
      if rc == GIT_ENONFASTFORWARD.rawValue {
        git_error_clear()
        return .rejected(reason: "\(branch) on the remote is no longer the commit it was fetched at")
      }
      try session.check(rc, "pushing \(branch) to \(display)")
      guard let status = session.statuses[branch] else {
        throw GitError(code: -1, message: "pushing \(branch) to \(display): the remote did not report on \(branch)")
      }
      if let reason = status { return .rejected(reason: reason) }
      return .pushed
    }
  }

  /// The folder a local URL (`/srv/state.git`, `file:///srv/state.git`) names; nil for ssh, https, git.
  static func localPath(_ url: String) -> String? {
    if url.hasPrefix("file://") {
      var rest = String(url.dropFirst("file://".count))
      if rest.hasPrefix("localhost/") { rest.removeFirst("localhost".count) }
      return rest.removingPercentEncoding ?? rest
    }
    if url.contains("://") { return nil }
    // scp-like ssh (`git@host:path`): a colon before any slash.
    if let colon = url.firstIndex(of: ":"), !url[..<colon].contains("/") { return nil }
    return url
  }
}

/// Calls `body` with `strings` as a `git_strarray`.
func withStringArray<T>(_ strings: [String], _ body: (inout git_strarray) throws -> T) rethrows -> T {
  let copies: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
  defer { copies.forEach { free($0) } }
  var pointers = copies
  return try pointers.withUnsafeMutableBufferPointer { buffer in
    var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
    return try body(&array)
  }
}
