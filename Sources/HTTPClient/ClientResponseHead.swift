/// The status line and headers of a response; the body went to the caller's sink.
public struct ClientResponseHead: Sendable {
  public let status: Int
  /// Header names lower-cased, in the order received.
  public let headers: [(name: String, value: String)]

  public func header(_ name: String) -> String? {
    let wanted = name.lowercased()
    return headers.first { $0.name == wanted }?.value
  }
}
