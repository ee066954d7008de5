import Glibc

/// A failed libgit2 call, with the message libgit2 left for this thread, or a failed read or write
/// of git's files by PeopleSync's own code (code -1).
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
  package static func io(_ what: String, _ number: Int32) -> GitError {
    GitError(code: -1, message: "\(what): \(String(cString: strerror(number)))")
  }
}
