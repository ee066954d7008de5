/// A request that got no complete response.
public struct HTTPTransportError: Error, CustomStringConvertible, Sendable {
  public let message: String
  /// The request ran out of time (so a caller may say which limit was hit).
  public let timedOut: Bool
  /// The server's certificate could not be verified: trying again will not help.
  public var untrusted = false

  public var description: String { message }
}
