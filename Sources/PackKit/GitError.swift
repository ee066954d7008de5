import Glibc

/// A failed libgit2 call, with the message libgit2 left for this thread, or a failed read or write
/// of git's files by PeopleSync's own code (code -1).
public struct GitError: Error, CustomStringConvertible, Sendable {
  /// The negative return code (`GIT_ENOTFOUND`, `GIT_EMODIFIED`, ...).
  public let code: Int32
  /// libgit2's error class (`GIT_ERROR_ODB`, ...), 0 when none was set.
  public let errorClass: Int32
  /// libgit2's message, or a description of the call when it left none.
  public let message: String

  public init(code: Int32, errorClass: Int32 = 0, message: String) {
    self.code = code
    self.errorClass = errorClass
    self.message = message
  }

  public var description: String { message }

  /// A failed system call on a file, with what was being done.
  public static func io(_ what: String, _ number: Int32) -> GitError {
    GitError(code: -1, message: "\(what): \(String(cString: strerror(number)))")
  }
}
