/// A resource being edited: reads and writes attributes where the schema puts
/// them, core ones at the top and extension ones under their URN.
struct SCIMDocument {
  var root: JSONObject
  let type: SCIMResourceType

  /// The attribute's whole value, `nil` when unassigned.
  func value(of resolved: SCIMResolvedAttribute) -> JSONValue? {
    container(resolved)?.value(forName: resolved.attribute.name)
  }

  private func container(_ resolved: SCIMResolvedAttribute) -> JSONObject? {
    guard let urn = resolved.container else { return root }
    return root.value(forName: urn)?.objectValue
  }

  /// Sets or (with `nil`, `[]` or `{}`) removes the attribute's whole value under its canonical name.
  mutating func set(_ resolved: SCIMResolvedAttribute, _ value: JSONValue?) {
    let value = value.flatMap { $0.isEmptyContainer ? nil : $0 }
    guard let urn = resolved.container else {
      Self.replace(resolved.attribute.name, with: value, in: &root)
      return
    }
    var object = root.value(forName: urn)?.objectValue ?? JSONObject()
    Self.replace(resolved.attribute.name, with: value, in: &object)
    Self.replace(urn, with: object.members.isEmpty ? nil : .object(object), in: &root)
  }

  /// Replaces a member found case-insensitively, writing it back under `name`.
  static func replace(_ name: String, with value: JSONValue?, in object: inout JSONObject) {
    if let key = object.key(forName: name), key != name { object[key] = nil }
    object[name] = value
  }

  /// The resource in canonical form: `schemas` listing the core schema and the
  /// extensions in use, then the attributes in schema order, then anything else as it was.
  func canonical() -> JSONValue {
    var result = JSONObject()
    var extensions: [String] = []
    for schema in type.extensions where root.value(forName: schema.id)?.objectValue.map({ !$0.members.isEmpty }) == true {
      extensions.append(schema.id)
    }
    result["schemas"] = .array(([type.schema.id] + extensions).map { .string($0) })
    var placed: Set<String> = ["schemas"]
    for attribute in type.coreAttributes {
      guard let key = root.key(forName: attribute.name) else { continue }
      result[attribute.name] = root[key]
      placed.insert(key.lowercased())
    }
    for urn in extensions {
      guard let key = root.key(forName: urn) else { continue }
      result[urn] = root[key]
      placed.insert(key.lowercased())
    }
    for (key, value) in root.members where !placed.contains(key.lowercased()) { result[key] = value }
    return .object(result)
  }

  /// The first required attribute that is unassigned, as an error.
  func checkRequired() throws(SCIMError) {
    for attribute in type.schema.attributes where attribute.required {
      let resolved = SCIMResolvedAttribute(container: nil, attribute: attribute, subAttribute: nil)
      guard let value = value(of: resolved), value.isPresent else { throw .invalidValue("'\(attribute.name)' is required") }
    }
  }
}

extension JSONValue {
  /// `[]` and `{}`, which SCIM treats as unassigned (RFC 7643 §2.5).
  var isEmptyContainer: Bool {
    switch self {
    case .array(let values): values.isEmpty
    case .object(let object): object.members.isEmpty
    default: false
    }
  }
}
