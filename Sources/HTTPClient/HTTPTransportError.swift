/// A request that got no complete response.
package struct HTTPTransportError: Error, CustomStringConvertible, Sendable {
  /// What went wrong, as libcurl says it.
  package let message: String
  /// The request ran out of time (so a caller may say which limit was hit).
  package let timedOut: Bool
  /// The server's certificate could not be verified: trying again will not help.
  package var untrusted = false

  /// The message.
  package var description: String { message }
}
