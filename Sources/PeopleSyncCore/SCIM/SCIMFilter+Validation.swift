extension SCIMFilter {
  /// Checks the filter against a resource type: every path names an attribute,
  /// and every operator and value fits the attribute's type. Errors are `invalidFilter`.
  public func validate(for type: SCIMResourceType) throws(SCIMError) {
    try validate { type.resolve($0) }
  }

  /// Checks a value path's filter, whose paths name sub-attributes of `attribute`.
  func validate(within attribute: SCIMAttribute) throws(SCIMError) {
    try validate { path in
      guard path.schema == nil, path.subAttribute == nil, let sub = attribute.subAttribute(named: path.name) else { return nil }
      return SCIMResolvedAttribute(container: nil, attribute: sub, subAttribute: nil)
    }
  }

  private func validate(_ resolve: (SCIMAttributePath) -> SCIMResolvedAttribute?) throws(SCIMError) {
    func resolved(_ path: SCIMAttributePath) throws(SCIMError) -> SCIMResolvedAttribute {
      guard let resolved = resolve(path) else { throw .invalidFilter("unknown attribute '\(path.description.prefix(100))'") }
      return resolved
    }
    switch self {
    case .and(let operands), .or(let operands):
      for operand in operands { try operand.validate(resolve) }
    case .not(let inner):
      try inner.validate(resolve)
    case .present(let path):
      _ = try resolved(path)
    case .valuePath(let path, let inner):
      let attribute = try resolved(path)
      guard attribute.subAttribute == nil, attribute.attribute.type == .complex else {
        throw .invalidFilter("'\(attribute.displayName)' is not a complex attribute, so it cannot take a [filter]")
      }
      try inner.validate(within: attribute.attribute)
    case .compare(let path, let op, let literal):
      let target = try resolved(path).comparedAttribute
      try Self.check(op, literal, on: target, named: path.description)
    }
  }

  private static func check(_ op: Operator, _ literal: JSONValue, on attribute: SCIMAttribute, named name: String) throws(SCIMError) {
    let name = String(name.prefix(100))
    if attribute.type == .complex {
      throw .invalidFilter("'\(name)' is complex: compare one of its sub-attributes, or test it with 'pr'")
    }
    if literal == .null {
      guard op == .eq || op == .ne else { throw .invalidFilter("'\(op.rawValue)' cannot compare '\(name)' with null") }
      return
    }
    switch attribute.type {
    case .boolean:
      guard op == .eq || op == .ne else { throw .invalidFilter("'\(name)' is a boolean: only 'eq' and 'ne' apply, not '\(op.rawValue)'") }
      guard case .bool = literal else { throw .invalidFilter("'\(name)' is a boolean: compare it with true or false") }
    case .integer, .decimal:
      guard ![.co, .sw, .ew].contains(op) else { throw .invalidFilter("'\(name)' is a number: '\(op.rawValue)' applies to strings") }
      guard case .number = literal else { throw .invalidFilter("'\(name)' is a number: compare it with a number") }
    case .string, .reference, .binary, .dateTime, .complex:
      guard case .string = literal else {
        throw .invalidFilter("'\(name)' is a \(attribute.type.rawValue): compare it with a quoted string")
      }
    }
  }
}
