extension SCIMSchema {
  /// Turns a POST or PUT body into the stored form of a resource of `type`.
  ///
  /// Lenient where real clients bend the RFC: OneLogin's legacy core URN, string
  /// booleans, a lone object for a multi-valued attribute, attribute names in any
  /// case. Unknown attributes and schema URNs are dropped, as RFC 7644 §3.3 allows;
  /// read-only input (`id`, `meta`, `groups`) is dropped, and `password` is never kept.
  /// Values of the wrong type and missing required attributes are `invalidValue` errors.
  public static func normalize(_ body: JSONValue, for type: SCIMResourceType) throws(SCIMError) -> JSONValue {
    guard case .object(let object) = body else { throw .invalidSyntax("the body must be a JSON object, not a \(body.typeName)") }
    var document = SCIMDocument(root: JSONObject(), type: type)
    for (key, value) in object.members {
      if key.lowercased() == "schemas" { continue }
      if let schema = type.extensionSchema(id: key) {
        guard case .object(let members) = value else {
          if value == .null { continue }
          throw .invalidValue("'\(schema.id)' must be an object of extension attributes, not a \(value.typeName)")
        }
        for (name, member) in members.members {
          try place(member, at: SCIMAttributePath(schema: schema.id, name: name), in: &document)
        }
      } else if type.isCoreSchema(key), case .object(let members) = value {
        for (name, member) in members.members { try place(member, at: SCIMAttributePath(name: name), in: &document) }
      } else if let path = SCIMAttributePath(parsing: key) {
        try place(value, at: path, in: &document)
      }
    }
    try document.checkRequired()
    return document.canonical()
  }

  /// Stores one member of the body, if the schema knows it and a client may write it.
  private static func place(_ value: JSONValue, at path: SCIMAttributePath, in document: inout SCIMDocument) throws(SCIMError) {
    guard let resolved = document.type.resolve(path) else { return }
    let attribute = resolved.attribute
    // Read-only input is ignored (RFC 7643 §2.2) and write-only input is never stored here.
    if attribute.mutability == .readOnly || attribute.mutability == .writeOnly { return }
    guard let sub = resolved.subAttribute else {
      document.set(resolved, try SCIMValueNormalizer.value(value, for: attribute, named: resolved.displayName))
      return
    }
    // A dotted key such as `name.givenName`: only singular complex attributes can take it.
    guard !attribute.multiValued else { return }
    var object = document.value(of: resolved)?.objectValue ?? JSONObject()
    SCIMDocument.replace(sub.name, with: try SCIMValueNormalizer.single(value, for: sub, named: resolved.displayName), in: &object)
    document.set(resolved, try SCIMValueNormalizer.value(.object(object), for: attribute, named: attribute.name))
  }
}
