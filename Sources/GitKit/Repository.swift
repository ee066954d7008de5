import CLibGit2
import Foundation
import PackKit

/// An open git repository. Owns its libgit2 handle; use one per thread.
public final class Repository: @unchecked Sendable {
  let pointer: OpaquePointer
  /// When set, small batches of new objects go into packs of this stack rather than loose files:
  /// a process committing many times a second (the SCIM server) creates two files a commit. The
  /// trees the stack keeps in memory are read from there too, so set it only on the handle of the
  /// thread that writes through the stack.
  public var smallWrites: PackStack?
  /// The index being read in the background for `updateWorkingFiles` (`preloadIndex`).
  var indexPreload: IndexPreload?

  private init(pointer: OpaquePointer) { self.pointer = pointer }

  deinit { git_repository_free(pointer) }

  /// Opens the repository at `path`, or the one containing it (like `git -C path`) unless
  /// `search` is false. Bare repositories work the same way.
  public static func open(at path: String, search: Bool = true) throws -> Repository {
    _ = GitRuntime.ready
    var handle: OpaquePointer?
    let flags = search ? 0 : GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue
    try check(git_repository_open_ext(&handle, path, flags, nil), "opening a git repository at \(path)")
    return Repository(pointer: handle!)
  }

  /// Creates a new repository whose unborn HEAD points at `branch`.
  public static func create(at path: String, bare: Bool, branch: String = "main") throws -> Repository {
    _ = GitRuntime.ready
    var options = git_repository_init_options()
    git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION))
    options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue | (bare ? GIT_REPOSITORY_INIT_BARE.rawValue : 0)
    var handle: OpaquePointer?
    try branch.withCString { name in
      options.initial_head = name
      try check(git_repository_init_ext(&handle, path, &options), "creating a git repository at \(path)")
    }
    return Repository(pointer: handle!)
  }

  /// True for a repository without a working tree.
  public var isBare: Bool { git_repository_is_bare(pointer) == 1 }

  /// The `.git` folder (or the bare repository's folder).
  public var gitDirectory: String { String(cString: git_repository_path(pointer)) }

  /// Where the branches are kept: the `.git` folder, or the main one's for a linked worktree.
  public var commonDirectory: String { String(cString: git_repository_commondir(pointer)) }

  /// The working tree, when there is one.
  public var workingDirectory: String? { git_repository_workdir(pointer).map { String(cString: $0) } }

  /// The full name of the branch HEAD points at (`refs/heads/main`), also when it has no commit yet.
  public func headBranch() throws -> String {
    var ref: OpaquePointer?
    try check(git_reference_lookup(&ref, pointer, "HEAD"), "reading HEAD")
    defer { git_reference_free(ref) }
    guard git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC, let target = git_reference_symbolic_target(ref) else {
      throw GitError(code: -1, message: "HEAD is detached; check out a branch to sync onto")
    }
    return String(cString: target)
  }

  /// The commit a reference points at, or nil when the reference does not exist.
  public func referenceTarget(_ name: String) throws -> ObjectID? {
    var oid = git_oid()
    let rc = git_reference_name_to_id(&oid, pointer, name)
    if rc == GIT_ENOTFOUND.rawValue {
      git_error_clear()
      return nil
    }
    try check(rc, "reading reference \(name)")
    return ObjectID(oid)
  }

  /// Resolves any revision expression git understands (`HEAD~2`, a branch, an id) to a commit.
  public func resolveCommit(_ revision: String) throws -> ObjectID {
    var object: OpaquePointer?
    try check(git_revparse_single(&object, pointer, revision), "resolving revision '\(revision)'")
    defer { git_object_free(object) }
    var commit: OpaquePointer?
    try check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "'\(revision)' is not a commit")
    defer { git_object_free(commit) }
    return ObjectID(git_object_id(commit))
  }

  /// Lists the pack folder again, so that packs written by other handles are read.
  func refreshObjects() throws {
    var odb: OpaquePointer?
    try check(git_repository_odb(&odb, pointer), "opening the object database")
    defer { git_odb_free(odb) }
    try check(git_odb_refresh(odb), "rescanning packs")
  }

  /// Who reflog entries name: set once, so that moving a reference does not read git config again.
  public func setIdentity(name: String, email: String) {
    git_repository_set_ident(pointer, name, email)
  }

  /// The identity to record on commits: `user.name`/`user.email` from git config when set.
  public func defaultSignature() -> (name: String, email: String)? {
    var signature: UnsafeMutablePointer<git_signature>?
    guard git_signature_default(&signature, pointer) == 0, let signature else {
      git_error_clear()
      return nil
    }
    defer { git_signature_free(signature) }
    return (String(cString: signature.pointee.name), String(cString: signature.pointee.email))
  }
}
