/// One HTTP request, as a connector asks for it.
package struct ClientRequest: Sendable {
  /// `GET`, `POST` (the body sent as is) or any other method.
  package var method: String
  /// An `http` or `https` URL; other schemes are refused.
  package var url: String
  /// Sent as given; the client adds nothing but `Accept-Encoding`.
  package var headers: [(name: String, value: String)]
  /// The request body, for a `POST`.
  package var body: [UInt8]?
  /// The whole exchange, connecting included, must end within this many seconds.
  package var timeout: Double

  /// A request that must be answered within `timeout` seconds.
  package init(method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil, timeout: Double) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
    self.timeout = timeout
  }
}
