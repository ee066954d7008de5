/// Checks a client's value against an attribute's type and brings it to the
/// stored form: string booleans become booleans, a lone object given for a
/// multi-valued attribute becomes a one-element array, sub-attribute names take
/// the schema's spelling and unknown sub-attributes are dropped.
enum SCIMValueNormalizer {
  /// The normalised value, or `nil` when the value leaves the attribute unassigned (null, `[]`, `{}`).
  static func value(_ value: JSONValue, for attribute: SCIMAttribute, named name: String) throws(SCIMError) -> JSONValue? {
    guard attribute.multiValued else { return try single(value, for: attribute, named: name) }
    let items: [JSONValue]
    switch value {
    case .null: return nil
    case .array(let array): items = array
    // OneLogin sends `emails` as one object rather than an array of them.
    case .object: items = [value]
    default:
      throw .invalidValue(
        "'\(name)' must be an array of \(attribute.type == .complex ? "objects" : attribute.type.rawValue + "s"), not a \(value.typeName)")
    }
    var result: [JSONValue] = []
    for item in items {
      if let normalized = try single(item, for: attribute, named: name) { result.append(normalized) }
    }
    return result.isEmpty ? nil : .array(result)
  }

  /// One value of an attribute; for multi-valued attributes, one element.
  static func single(_ value: JSONValue, for attribute: SCIMAttribute, named name: String) throws(SCIMError) -> JSONValue? {
    if value == .null { return nil }
    func wrongType(_ expected: String) -> SCIMError {
      .invalidValue("'\(name)' must be \(expected), not a \(value.typeName)")
    }
    switch attribute.type {
    case .string, .reference, .binary:
      guard case .string = value else { throw wrongType("a string") }
      return value
    case .boolean:
      guard let bool = SCIMValueCoercion.bool(value) else {
        if case .string(let text) = value { throw .invalidValue("'\(name)' must be a boolean, not the string \"\(text.prefix(40))\"") }
        throw wrongType("a boolean")
      }
      return .bool(bool)
    case .integer:
      guard case .number = value, value.intValue != nil else { throw wrongType("an integer") }
      return value
    case .decimal:
      guard case .number = value else { throw wrongType("a number") }
      return value
    case .dateTime:
      guard case .string(let text) = value else { throw wrongType("a date-time string") }
      guard SCIMDateTime.seconds(text) != nil else {
        throw .invalidValue("'\(name)' must be an ISO 8601 date-time, not \"\(text.prefix(40))\"")
      }
      return value
    case .complex:
      guard case .object(let object) = value else { throw wrongType("an object") }
      return try complex(object, for: attribute, named: name)
    }
  }

  /// A complex value with its sub-attributes in schema order.
  private static func complex(_ object: JSONObject, for attribute: SCIMAttribute, named name: String) throws(SCIMError) -> JSONValue? {
    var given: [String: JSONValue] = [:]
    for (key, value) in object.members {
      guard let sub = attribute.subAttribute(named: key) else { continue }
      if let normalized = try single(value, for: sub, named: name + "." + sub.name) { given[sub.name] = normalized }
    }
    let members = attribute.subAttributes.compactMap { sub in given[sub.name].map { (sub.name, $0) } }
    return members.isEmpty ? nil : .object(JSONObject(members))
  }
}
