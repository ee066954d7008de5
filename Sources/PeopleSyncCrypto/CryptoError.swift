/// A failure of a cryptographic operation, said in terms a user can act on.
package enum CryptoError: Error, Equatable, CustomStringConvertible {
  /// Authentication failed: the wrong key, or data that was changed or cut.
  case authenticationFailed
  case unavailable

  /// The failure, in words a user can act on.
  package var description: String {
    switch self {
    case .authenticationFailed: "authentication failed: the wrong key, or data that was modified or truncated"
    case .unavailable: "libsodium could not be initialised"
    }
  }
}
