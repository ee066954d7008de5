/// The PATCH operations on a document; `SCIMPatch.apply` runs them on a copy, which keeps a request atomic.
extension SCIMDocument {
  mutating func apply(_ operation: SCIMPatch.Operation) throws(SCIMError) {
    // A path that is an extension's URN names the whole extension (scim2-tester sends these).
    if let text = operation.pathText, let schema = type.extensionSchema(id: text) {
      switch operation.kind {
      case .remove:
        Self.replace(schema.id, with: nil, in: &root)
      case .replace:
        Self.replace(schema.id, with: nil, in: &root)
        try applyWithoutPath(.add, .object(JSONObject([(schema.id, operation.value ?? .null)])))
      case .add:
        try applyWithoutPath(.add, .object(JSONObject([(schema.id, operation.value ?? .null)])))
      }
      return
    }
    guard let path = operation.path else {
      // `operations(of:)` refuses a path-less remove and a value-less add or replace.
      try applyWithoutPath(operation.kind, operation.value ?? .null)
      return
    }
    let resolved = try resolve(path.attribute)
    if let filter = path.filter {
      try applyFiltered(operation.kind, resolved, filter, path.valueSubAttribute, operation.value)
    } else {
      try apply(operation.kind, resolved, operation.value)
    }
  }

  private func resolve(_ path: SCIMAttributePath) throws(SCIMError) -> SCIMResolvedAttribute {
    guard let resolved = type.resolve(path) else { throw .invalidPath("unknown attribute '\(path.description.prefix(100))'") }
    return resolved
  }

  /// Okta and Entra: the value is an object of attributes, whose keys may be
  /// dotted (`name.givenName`), URN-prefixed, or an extension URN holding an object.
  private mutating func applyWithoutPath(_ kind: SCIMPatch.Operation.Kind, _ value: JSONValue) throws(SCIMError) {
    guard case .object(let object) = value else {
      throw .invalidValue("'\(kind.rawValue)' without a path needs an object of attributes, not a \(value.typeName)")
    }
    for (key, member) in object.members {
      if key.lowercased() == "schemas" { continue }
      let schemaID = type.extensionSchema(id: key)?.id ?? (type.isCoreSchema(key) ? type.schema.id : nil)
      if let schemaID, case .object(let inner) = member {
        for (name, innerValue) in inner.members where name.lowercased() != "schemas" {
          guard var path = SCIMAttributePath(parsing: name), path.schema == nil else {
            throw .invalidPath("'\(name.prefix(100))' in '\(schemaID)' is not an attribute name")
          }
          path.schema = schemaID
          try apply(kind, try resolve(path), innerValue)
        }
        continue
      }
      guard let path = SCIMAttributePath(parsing: key) else { throw .invalidPath("'\(key.prefix(100))' is not an attribute path") }
      try apply(kind, try resolve(path), member)
    }
  }

  /// An operation on a whole attribute or on `attribute.subAttribute`.
  private mutating func apply(_ kind: SCIMPatch.Operation.Kind, _ resolved: SCIMResolvedAttribute, _ value: JSONValue?) throws(SCIMError) {
    let attribute = resolved.attribute
    let name = resolved.displayName
    // `password` is accepted and dropped: this server never stores it.
    if attribute.mutability == .writeOnly || resolved.target.mutability == .writeOnly { return }
    if attribute.mutability == .readOnly || resolved.target.mutability == .readOnly || resolved.target.mutability == .immutable {
      let current = currentValue(resolved)
      let given = kind == .remove ? nil : try? normalized(value ?? .null, resolved)
      // Okta's group rename sends the unchanged `id`: a no-op write of a read-only attribute is ignored.
      if (current ?? nil) == (given ?? nil) { return }
      if resolved.target.mutability == .immutable, current == nil, kind != .remove {
        // An immutable attribute may be set once.
      } else {
        throw .mutability("'\(name)' is \(resolved.target.mutability == .immutable ? "immutable" : "read-only")")
      }
    }
    if let sub = resolved.subAttribute {
      try applyToSubAttribute(kind, resolved, sub, value)
      return
    }
    let current = self.value(of: resolved)
    switch kind {
    case .remove:
      // Entra's `{"op":"Remove","path":"members","value":[{"value":"id"}]}` removes only those values.
      if attribute.multiValued, let value, value != .null {
        let doomed = try SCIMValueNormalizer.value(value, for: attribute, named: name)?.arrayValue ?? []
        let kept = (current?.arrayValue ?? []).filter { item in !doomed.contains { Self.sameItem($0, item, attribute) } }
        set(resolved, .array(kept))
      } else {
        set(resolved, nil)
      }
    case .add, .replace:
      let new = try SCIMValueNormalizer.value(value ?? .null, for: attribute, named: name)
      if attribute.multiValued, kind == .add {
        var items = current?.arrayValue ?? []
        for item in new?.arrayValue ?? [] where !items.contains(where: { Self.sameItem($0, item, attribute) }) { items.append(item) }
        set(resolved, .array(items))
      } else if attribute.type == .complex, !attribute.multiValued, case .object(let given)? = new {
        // Sub-attributes not given are left unchanged (RFC 7644 §3.5.2.1 and §3.5.2.3).
        var object = current?.objectValue ?? JSONObject()
        for (key, member) in given.members { SCIMDocument.replace(key, with: member, in: &object) }
        set(resolved, try SCIMValueNormalizer.value(.object(object), for: attribute, named: name))
      } else {
        set(resolved, new)
      }
    }
  }

  /// `name.givenName` on a singular complex attribute, or `emails.type` on every value of a multi-valued one.
  private mutating func applyToSubAttribute(
    _ kind: SCIMPatch.Operation.Kind, _ resolved: SCIMResolvedAttribute, _ sub: SCIMAttribute, _ value: JSONValue?
  ) throws(SCIMError) {
    let attribute = resolved.attribute
    let new = kind == .remove ? nil : try SCIMValueNormalizer.single(value ?? .null, for: sub, named: resolved.displayName)
    if attribute.multiValued {
      var items = SCIMFilterScope.objects(self.value(of: resolved))
      if items.isEmpty, kind != .remove { throw .noTarget("'\(attribute.name)' has no values to set '\(sub.name)' on") }
      for index in items.indices { SCIMDocument.replace(sub.name, with: new, in: &items[index]) }
      set(resolved, .array(items.filter { !$0.members.isEmpty }.map { .object($0) }))
    } else {
      var object = self.value(of: resolved)?.objectValue ?? JSONObject()
      SCIMDocument.replace(sub.name, with: new, in: &object)
      set(resolved, .object(object))
    }
  }

  /// `members[value eq "x"]` and `emails[type eq "work"].value`.
  private mutating func applyFiltered(
    _ kind: SCIMPatch.Operation.Kind, _ resolved: SCIMResolvedAttribute, _ filter: SCIMFilter, _ subName: String?, _ value: JSONValue?
  ) throws(SCIMError) {
    let attribute = resolved.attribute
    guard attribute.type == .complex else { throw .invalidPath("'\(resolved.displayName)' is not complex, so it cannot take a [filter]") }
    do {
      try filter.validate(within: attribute)
    } catch {
      throw .invalidPath(error.detail)
    }
    var sub: SCIMAttribute?
    if let subName {
      guard let found = attribute.subAttribute(named: subName) else {
        throw .invalidPath("'\(attribute.name)' has no sub-attribute '\(subName.prefix(100))'")
      }
      sub = found
    }
    if attribute.mutability != .readWrite || (sub.map { $0.mutability == .readOnly || $0.mutability == .immutable } ?? false) {
      throw .mutability("'\(resolved.displayName)\(sub.map { "." + $0.name } ?? "")' cannot be changed")
    }
    var items = SCIMFilterScope.objects(self.value(of: resolved))
    let matches = items.indices.filter { filter.matches(in: .element(items[$0], of: attribute)) }
    switch kind {
    case .remove:
      if let sub {
        for index in matches { SCIMDocument.replace(sub.name, with: nil, in: &items[index]) }
        items = items.filter { !$0.members.isEmpty }
      } else {
        items = items.indices.filter { !matches.contains($0) }.map { items[$0] }
      }
    case .add, .replace:
      if let sub {
        let new = try SCIMValueNormalizer.single(value ?? .null, for: sub, named: "\(resolved.displayName).\(sub.name)")
        if matches.isEmpty {
          // Entra replaces `emails[type eq "work"].value` before any work email exists: the filter's equalities seed a new value.
          guard var seed = try Self.seed(from: filter, attribute) else {
            throw .noTarget("no value of '\(resolved.displayName)' matches the filter")
          }
          SCIMDocument.replace(sub.name, with: new, in: &seed)
          items.append(seed)
        }
        for index in matches { SCIMDocument.replace(sub.name, with: new, in: &items[index]) }
      } else {
        guard !matches.isEmpty else { throw .noTarget("no value of '\(resolved.displayName)' matches the filter") }
        guard case .object(let given)? = try SCIMValueNormalizer.single(value ?? .null, for: attribute, named: resolved.displayName) else {
          throw .invalidValue("'\(resolved.displayName)' needs an object value")
        }
        for index in matches {
          for (key, member) in given.members { SCIMDocument.replace(key, with: member, in: &items[index]) }
        }
      }
    }
    let rewritten = try SCIMValueNormalizer.value(.array(items.map { .object($0) }), for: attribute, named: resolved.displayName)
    set(resolved, attribute.multiValued ? rewritten : rewritten?.arrayValue?.first)
  }

  /// A new value built from a filter made only of `eq` comparisons joined by `and`; `nil` for any other filter.
  private static func seed(from filter: SCIMFilter, _ attribute: SCIMAttribute) throws(SCIMError) -> JSONObject? {
    var object = JSONObject()
    let terms: [SCIMFilter]
    if case .and(let operands) = filter { terms = operands } else { terms = [filter] }
    for term in terms {
      guard case .compare(let path, .eq, let literal) = term, literal != .null, let sub = attribute.subAttribute(named: path.name) else {
        return nil
      }
      object[sub.name] = try SCIMValueNormalizer.single(literal, for: sub, named: "\(attribute.name).\(sub.name)")
    }
    return object
  }

  /// The current value at a path, normalised, for comparing with a read-only write.
  private func currentValue(_ resolved: SCIMResolvedAttribute) -> JSONValue? {
    guard let whole = value(of: resolved) else { return nil }
    guard let sub = resolved.subAttribute else { return try? SCIMValueNormalizer.value(whole, for: resolved.attribute, named: "") }
    if resolved.attribute.multiValued { return nil }
    return whole.objectValue?.value(forName: sub.name).flatMap { try? SCIMValueNormalizer.single($0, for: sub, named: "") }
  }

  private func normalized(_ value: JSONValue, _ resolved: SCIMResolvedAttribute) throws(SCIMError) -> JSONValue? {
    if let sub = resolved.subAttribute { return try SCIMValueNormalizer.single(value, for: sub, named: resolved.displayName) }
    return try SCIMValueNormalizer.value(value, for: resolved.attribute, named: resolved.displayName)
  }

  /// Whether two values of a multi-valued attribute are the same one: by `value` when both have it.
  static func sameItem(_ left: JSONValue, _ right: JSONValue, _ attribute: SCIMAttribute) -> Bool {
    if let l = left.objectValue?.value(forName: "value"), let r = right.objectValue?.value(forName: "value"),
      let valueAttribute = attribute.subAttribute(named: "value")
    {
      return SCIMFilter.compare(l, .eq, r, valueAttribute)
    }
    return left == right
  }
}
