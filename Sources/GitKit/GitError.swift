import CLibGit2
import PackKit

extension GitError {
  /// The object or reference asked for does not exist.
  public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }

  /// A compare-and-swap on a reference lost to a concurrent writer.
  public var isConcurrentUpdate: Bool {
    code == GIT_EMODIFIED.rawValue || code == GIT_ELOCKED.rawValue || code == GIT_EEXISTS.rawValue
  }
}

/// Turns a libgit2 return code into a thrown `GitError`; `git_error_last` is
/// thread-local, so it is read here, right after the failing call.
@discardableResult
func check(_ rc: Int32, _ what: @autoclosure () -> String) throws -> Int32 {
  guard rc < 0 else { return rc }
  var message = what()
  var errorClass: Int32 = 0
  if let last = git_error_last(), let text = last.pointee.message {
    message += ": " + String(cString: text)
    errorClass = last.pointee.klass
  }
  git_error_clear()
  throw GitError(code: rc, errorClass: errorClass, message: message)
}
