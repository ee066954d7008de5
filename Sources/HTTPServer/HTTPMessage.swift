/// An HTTP request as the server hands it to a responder: the body complete, names and values decoded.
public struct HTTPRequest: Sendable {
  /// The method as sent (`GET`, `POST`, …).
  public var method: String
  /// The path, percent-decoded, without the query.
  public var path: String
  /// Query arguments in the order sent, decoded (`+` is a space).
  public var query: [(name: String, value: String)]
  /// Header names lower-cased.
  public var headers: [String: String]
  /// The body, complete.
  public var body: [UInt8]

  /// A request; what is not given is empty.
  public init(
    method: String, path: String, query: [(name: String, value: String)] = [], headers: [String: String] = [:], body: [UInt8] = []
  ) {
    self.method = method
    self.path = path
    self.query = query
    self.headers = headers
    self.body = body
  }

  /// The header `name`, compared case-insensitively.
  public func header(_ name: String) -> String? { headers[name.lowercased()] }
  /// The first query argument called `name`.
  public func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }
}

/// What a responder answers.
public struct HTTPResponse: Sendable {
  /// The status code.
  public var status: Int
  /// Headers, sent in this order.
  public var headers: [(name: String, value: String)]
  /// The body, sent with its Content-Length.
  public var body: [UInt8]

  /// A response with these headers and body.
  public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  /// A response whose body is `text` in UTF-8, of type `contentType`.
  public init(status: Int, contentType: String, text: String) {
    self.init(status: status, headers: [("Content-Type", contentType)], body: Array(text.utf8))
  }
}

/// Turns requests into responses; called on the connection's thread, so it may block (a durable write does).
public protocol HTTPResponder: Sendable {
  func respond(to request: HTTPRequest) -> HTTPResponse
}
