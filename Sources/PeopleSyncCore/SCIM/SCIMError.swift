/// A SCIM protocol error (RFC 7644 §3.12): an HTTP status, an optional
/// `scimType` keyword and a detail for the person reading the response.
public struct SCIMError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The HTTP status of the response.
  public var status: Int
  /// The RFC's error keyword (`invalidFilter`, `uniqueness`), when one applies.
  public var scimType: String?
  /// What went wrong, for the person reading the response.
  public var detail: String

  /// An error answered with `status`.
  public init(status: Int, scimType: String? = nil, detail: String) {
    self.status = status
    self.scimType = scimType
    self.detail = detail
  }

  /// The URN that marks an error document.
  public static let errorSchema = "urn:ietf:params:scim:api:messages:2.0:Error"

  /// The RFC 7644 error document; `status` is a string, as the RFC's examples show.
  public var body: JSONValue {
    var object = JSONObject()
    object["schemas"] = .array([.string(Self.errorSchema)])
    object["status"] = .string(String(status))
    if let scimType { object["scimType"] = .string(scimType) }
    object["detail"] = .string(detail)
    return .object(object)
  }

  /// `400 invalidFilter: detail`.
  public var description: String {
    "\(status)" + (scimType.map { " \($0)" } ?? "") + ": \(detail)"
  }

  /// A filter that cannot be parsed or evaluated.
  public static func invalidFilter(_ detail: String) -> SCIMError { .init(status: 400, scimType: "invalidFilter", detail: detail) }
  /// A PATCH path that cannot be parsed or names nothing this server knows.
  public static func invalidPath(_ detail: String) -> SCIMError { .init(status: 400, scimType: "invalidPath", detail: detail) }
  /// A PATCH path that matched nothing where a match is required.
  public static func noTarget(_ detail: String) -> SCIMError { .init(status: 400, scimType: "noTarget", detail: detail) }
  /// A value of the wrong type, or a required attribute missing.
  public static func invalidValue(_ detail: String) -> SCIMError { .init(status: 400, scimType: "invalidValue", detail: detail) }
  /// A request body that is not the document the endpoint expects.
  public static func invalidSyntax(_ detail: String) -> SCIMError { .init(status: 400, scimType: "invalidSyntax", detail: detail) }
  /// An attempt to change a read-only or immutable attribute.
  public static func mutability(_ detail: String) -> SCIMError { .init(status: 400, scimType: "mutability", detail: detail) }
  /// A value that must be unique and is already taken.
  public static func uniqueness(_ detail: String) -> SCIMError { .init(status: 409, scimType: "uniqueness", detail: detail) }
  /// A query that would return more results than the server allows.
  public static func tooMany(_ detail: String) -> SCIMError { .init(status: 400, scimType: "tooMany", detail: detail) }
  /// A resource that does not exist.
  public static func notFound(_ detail: String) -> SCIMError { .init(status: 404, detail: detail) }
  /// An `If-Match` version that is not the current one.
  public static func preconditionFailed(_ detail: String) -> SCIMError { .init(status: 412, detail: detail) }
  /// A missing or wrong bearer token.
  public static func unauthorized(_ detail: String) -> SCIMError { .init(status: 401, detail: detail) }
  /// A method the endpoint does not support.
  public static func methodNotAllowed(_ detail: String) -> SCIMError { .init(status: 405, detail: detail) }
  /// A request body over the server's limit.
  public static func payloadTooLarge(_ detail: String) -> SCIMError { .init(status: 413, detail: detail) }
}
