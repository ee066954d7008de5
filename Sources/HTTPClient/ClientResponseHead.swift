/// The status line and headers of a response; the body went to the caller's sink.
package struct ClientResponseHead: Sendable {
  /// The HTTP status code.
  package let status: Int
  /// Header names lower-cased, in the order received.
  package let headers: [(name: String, value: String)]

  /// The first header with this name, compared case-insensitively.
  package func header(_ name: String) -> String? {
    let wanted = name.lowercased()
    return headers.first { $0.name == wanted }?.value
  }
}
