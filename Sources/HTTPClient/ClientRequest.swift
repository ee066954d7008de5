/// One HTTP request, as a connector asks for it.
public struct ClientRequest: Sendable {
  public var method: String
  public var url: String
  /// Sent as given; the client adds nothing but `Accept-Encoding`.
  public var headers: [(name: String, value: String)]
  public var body: [UInt8]?
  /// The whole exchange, connecting included, must end within this many seconds.
  public var timeout: Double

  public init(method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil, timeout: Double) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
    self.timeout = timeout
  }
}
