import CLibGit2
import Glibc

/// A failed libgit2 call, with the message libgit2 left for this thread.
package struct GitError: Error, CustomStringConvertible, Sendable {
  /// The negative return code (`GIT_ENOTFOUND`, `GIT_EMODIFIED`, ...).
  package let code: Int32
  /// libgit2's error class (`GIT_ERROR_ODB`, ...), 0 when none was set.
  package let errorClass: Int32
  /// libgit2's message, or a description of the call when it left none.
  package let message: String

  package init(code: Int32, errorClass: Int32 = 0, message: String) {
    self.code = code
    self.errorClass = errorClass
    self.message = message
  }

  package var description: String { message }

  /// A failed system call on a file, with what was being done.
  static func io(_ what: String, _ number: Int32) -> GitError {
    GitError(code: -1, message: "\(what): \(String(cString: strerror(number)))")
  }

  /// The object or reference asked for does not exist.
  package var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }

  /// A compare-and-swap on a reference lost to a concurrent writer.
  package var isConcurrentUpdate: Bool {
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
