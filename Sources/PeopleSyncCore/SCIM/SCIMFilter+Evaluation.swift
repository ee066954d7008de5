import Foundation

/// What a filter's attribute path names in one scope: the resource, or one value of a complex attribute.
struct SCIMFilterScope {
  /// Finds the attribute a path names, or `nil` when the scope has none.
  var resolve: (SCIMAttributePath) -> SCIMResolvedAttribute?
  /// The values at a path; a multi-valued complex attribute without a sub-attribute gives its `value`s.
  var values: (SCIMResolvedAttribute) -> [JSONValue]
  /// The values of a complex attribute, one object each, for a value path.
  var elements: (SCIMResolvedAttribute) -> [JSONObject]

  /// The resource itself: core attributes at the top, extension attributes under their URN.
  static func resource(_ resource: JSONValue, _ type: SCIMResourceType) -> SCIMFilterScope {
    let root = resource.objectValue ?? JSONObject()
    func raw(_ resolved: SCIMResolvedAttribute) -> JSONValue? {
      var container = root
      if let urn = resolved.container {
        guard let object = root.value(forName: urn)?.objectValue else { return nil }
        container = object
      }
      return container.value(forName: resolved.attribute.name)
    }
    return SCIMFilterScope(
      resolve: { type.resolve($0) },
      values: { resolved in raw(resolved).map { flatten($0, resolved) } ?? [] },
      elements: { resolved in objects(raw(resolved)) })
  }

  /// One value of a complex attribute: paths name its sub-attributes.
  static func element(_ element: JSONObject, of attribute: SCIMAttribute) -> SCIMFilterScope {
    SCIMFilterScope(
      resolve: { path in
        guard path.schema == nil, path.subAttribute == nil, let sub = attribute.subAttribute(named: path.name) else { return nil }
        return SCIMResolvedAttribute(container: nil, attribute: sub, subAttribute: nil)
      },
      values: { resolved in element.value(forName: resolved.attribute.name).map { flatten($0, resolved) } ?? [] },
      elements: { _ in [] })
  }

  static func objects(_ value: JSONValue?) -> [JSONObject] {
    switch value {
    case .object(let object)?: [object]
    case .array(let values)?: values.compactMap(\.objectValue)
    default: []
    }
  }

  /// The comparable values of an attribute's raw JSON.
  static func flatten(_ value: JSONValue, _ resolved: SCIMResolvedAttribute) -> [JSONValue] {
    let items = value.arrayValue ?? [value]
    if let sub = resolved.subAttribute {
      return items.flatMap { item -> [JSONValue] in
        guard let value = item.objectValue?.value(forName: sub.name) else { return [] }
        return value.arrayValue ?? [value]
      }
    }
    if resolved.attribute.type == .complex, resolved.attribute.multiValued, resolved.attribute.subAttribute(named: "value") != nil {
      return items.compactMap { $0.objectValue?.value(forName: "value") }
    }
    return items
  }
}

extension SCIMFilter {
  /// Whether a resource satisfies the filter. Filters from `parse(_:for:)` are
  /// known to fit the schema; anything that does not fit simply does not match.
  public func matches(_ resource: JSONValue, in type: SCIMResourceType) -> Bool {
    matches(in: .resource(resource, type))
  }

  func matches(in scope: SCIMFilterScope) -> Bool {
    switch self {
    case .and(let operands): return operands.allSatisfy { $0.matches(in: scope) }
    case .or(let operands): return operands.contains { $0.matches(in: scope) }
    case .not(let inner): return !inner.matches(in: scope)
    case .present(let path):
      guard let resolved = scope.resolve(path) else { return false }
      return scope.values(resolved).contains { $0.isPresent }
    case .valuePath(let path, let inner):
      guard let resolved = scope.resolve(path) else { return false }
      return scope.elements(resolved).contains { inner.matches(in: .element($0, of: resolved.attribute)) }
    case .compare(let path, let op, let literal):
      guard let resolved = scope.resolve(path) else { return false }
      let values = scope.values(resolved).filter { $0 != .null }
      let target = resolved.comparedAttribute
      switch op {
      // `ne` is the negation of `eq`, so an unassigned attribute is "not equal" to any value.
      case .ne: return !values.contains { Self.compare($0, .eq, literal, target) }
      default:
        if literal == .null { return op == .eq && values.isEmpty }
        return values.contains { Self.compare($0, op, literal, target) }
      }
    }
  }

  static func compare(_ value: JSONValue, _ op: Operator, _ literal: JSONValue, _ attribute: SCIMAttribute) -> Bool {
    if literal == .null { return false }
    switch attribute.type {
    case .boolean:
      guard let left = SCIMValueCoercion.bool(value), let right = SCIMValueCoercion.bool(literal) else { return false }
      return op == .eq && left == right
    case .integer, .decimal:
      guard let left = value.doubleValue, let right = literal.doubleValue else { return false }
      return order(left, right, op)
    case .dateTime:
      guard let left = value.stringValue, let right = literal.stringValue else { return false }
      if let l = SCIMDateTime.seconds(left), let r = SCIMDateTime.seconds(right), [.eq, .gt, .ge, .lt, .le].contains(op) {
        return order(l, r, op)
      }
      return compareStrings(left, right, op)
    case .string, .reference, .binary, .complex:
      guard let left = value.stringValue, let right = literal.stringValue else { return false }
      return attribute.caseExact ? compareStrings(left, right, op) : compareStrings(left.lowercased(), right.lowercased(), op)
    }
  }

  private static func compareStrings(_ left: String, _ right: String, _ op: Operator) -> Bool {
    switch op {
    case .co: left.contains(right)
    case .sw: left.hasPrefix(right)
    case .ew: left.hasSuffix(right)
    // Unicode scalar order, so that the order does not depend on the platform's collation.
    default: order(Array(left.unicodeScalars.map(\.value)), Array(right.unicodeScalars.map(\.value)), op)
    }
  }

  private static func order<T: Comparable>(_ left: T, _ right: T, _ op: Operator) -> Bool {
    switch op {
    case .eq: left == right
    case .ne: left != right
    case .gt: left > right
    case .ge: left >= right
    case .lt: left < right
    case .le: left <= right
    case .co, .sw, .ew: false
    }
  }

  private static func order(_ left: [UInt32], _ right: [UInt32], _ op: Operator) -> Bool {
    let less = left.lexicographicallyPrecedes(right)
    let greater = right.lexicographicallyPrecedes(left)
    switch op {
    case .eq: return !less && !greater
    case .ne: return less || greater
    case .gt: return greater
    case .ge: return !less
    case .lt: return less
    case .le: return !greater
    case .co, .sw, .ew: return false
    }
  }
}

extension SCIMResolvedAttribute {
  /// The attribute whose type and case rule a comparison uses: `emails` compares its `value`.
  var comparedAttribute: SCIMAttribute {
    if let subAttribute { return subAttribute }
    if attribute.type == .complex, attribute.multiValued, let value = attribute.subAttribute(named: "value") { return value }
    return attribute
  }
}

extension JSONValue {
  /// Present in the sense of `pr`: assigned and not empty.
  var isPresent: Bool {
    switch self {
    case .null: false
    case .string(let string): !string.isEmpty
    case .array(let values): values.contains { $0.isPresent }
    case .object(let object): object.members.contains { $0.value.isPresent }
    case .bool, .number: true
    }
  }
}

extension JSONObject {
  /// The member whose key equals the name case-insensitively; an exact match wins.
  func value(forName name: String) -> JSONValue? {
    if let value = self[name] { return value }
    let lowered = name.lowercased()
    return members.first { $0.key.lowercased() == lowered }?.value
  }

  /// The key actually used for a name, compared case-insensitively.
  func key(forName name: String) -> String? {
    if self[name] != nil { return name }
    let lowered = name.lowercased()
    return members.first { $0.key.lowercased() == lowered }?.key
  }
}
