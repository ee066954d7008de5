/// A JSON document, with objects kept in their written key order.
public enum JSONValue: Equatable, Sendable {
  case null
  case bool(Bool)
  /// The number's text as written, so integers stay exact.
  case number(String)
  case string(String)
  case array([JSONValue])
  case object(JSONObject)

  /// A number value from an integer.
  public static func int(_ value: Int) -> JSONValue { .number(String(value)) }

  /// The string, when the value is one.
  public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
  /// The boolean, when the value is one.
  public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
  /// The elements, when the value is an array.
  public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
  /// The object, when the value is one.
  public var objectValue: JSONObject? { if case .object(let o) = self { o } else { nil } }

  /// The value as an integer, when it is a number without fraction or exponent.
  public var intValue: Int? { if case .number(let n) = self { Int(n) } else { nil } }

  /// The value as a double, for any number.
  public var doubleValue: Double? { if case .number(let n) = self { Double(n) } else { nil } }

  /// The JSON type name used in error messages.
  public var typeName: String {
    switch self {
    case .null: "null"
    case .bool: "boolean"
    case .number: "number"
    case .string: "string"
    case .array: "array"
    case .object: "object"
    }
  }
}
