/// SCIM PATCH (RFC 7644 §3.5.2), as the clients in `docs/scim-clients.md` send it.
public enum SCIMPatch {
  /// The URN of a PatchOp request.
  public static let patchOpSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

  /// The most operations one request may carry.
  public static let maximumOperations = 1000

  /// One operation of a request, read but not yet applied.
  public struct Operation: Equatable, Sendable {
    /// The operation's `op`, read case-insensitively.
    public enum Kind: String, Sendable { case add, remove, replace }

    /// Add, remove or replace.
    public var kind: Kind
    /// The path as written, for error details; `nil` when the operation has none.
    public var pathText: String?
    /// The path parsed; `nil` when the operation has none.
    public var path: SCIMPatchPath?
    /// The operation's value; `nil` when it has none.
    public var value: JSONValue?
  }

  /// Applies every operation of a PatchOp request to a resource, or none: the
  /// first error is thrown and the resource is left as it was. The result is in
  /// canonical form (see `SCIMSchema.normalize`); `id`, `meta` and other members
  /// the server keeps are carried over unchanged.
  public static func apply(_ request: JSONValue, to resource: JSONValue, type: SCIMResourceType) throws(SCIMError) -> JSONValue {
    let operations = try operations(of: request)
    var document = SCIMDocument(root: resource.objectValue ?? JSONObject(), type: type)
    for (index, operation) in operations.enumerated() {
      do {
        try document.apply(operation)
      } catch {
        let path = operation.pathText.map { " \($0.prefix(100))" } ?? ""
        throw SCIMError(
          status: error.status, scimType: error.scimType,
          detail: "operation \(index + 1) (\(operation.kind.rawValue)\(path)): \(error.detail)")
      }
    }
    try document.checkRequired()
    return document.canonical()
  }

  /// Reads the operations of a request; the checks of RFC 7644 §3.5.2 come first so nothing is half-applied.
  public static func operations(of request: JSONValue) throws(SCIMError) -> [Operation] {
    guard case .object(let object) = request else { throw .invalidSyntax("a PATCH body must be a JSON object, not a \(request.typeName)") }
    if let schemas = object.value(forName: "schemas") {
      let ids = schemas.arrayValue?.compactMap(\.stringValue) ?? []
      guard ids.contains(where: { $0.caseInsensitiveEquals(patchOpSchema) }) else {
        throw .invalidSyntax("'schemas' must contain \"\(patchOpSchema)\"")
      }
    }
    guard case .array(let items)? = object.value(forName: "Operations") else {
      throw .invalidSyntax("a PATCH body needs an 'Operations' array")
    }
    guard !items.isEmpty else { throw .invalidSyntax("'Operations' is empty") }
    guard items.count <= maximumOperations else {
      throw .invalidSyntax("'Operations' has \(items.count) operations; at most \(maximumOperations) are accepted")
    }
    var operations: [Operation] = []
    for (index, item) in items.enumerated() {
      let position = "operation \(index + 1)"
      guard case .object(let member) = item else { throw .invalidSyntax("\(position) must be an object, not a \(item.typeName)") }
      // Entra sends "Replace", "Add" and "Remove": the op is read case-insensitively.
      guard case .string(let op)? = member.value(forName: "op"), let kind = Operation.Kind(rawValue: op.lowercased()) else {
        throw .invalidSyntax("\(position) needs an 'op' of add, remove or replace")
      }
      var pathText: String?
      var path: SCIMPatchPath?
      switch member.value(forName: "path") {
      case nil, .null?: break
      case .string(let text)?:
        pathText = text
        do {
          path = try SCIMPatchPath.parse(text)
        } catch {
          throw .invalidPath("\(position): \(error.detail)")
        }
      case let other?: throw .invalidPath("\(position): 'path' must be a string, not a \(other.typeName)")
      }
      let value = member.value(forName: "value")
      if path == nil, kind == .remove { throw .noTarget("\(position): 'remove' needs a 'path'") }
      if kind != .remove, value == nil { throw .invalidValue("\(position): '\(kind.rawValue)' needs a 'value'") }
      operations.append(Operation(kind: kind, pathText: pathText, path: path, value: value))
    }
    return operations
  }
}
