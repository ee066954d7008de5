/// The `attributes` and `excludedAttributes` parameters (RFC 7644 §3.4.2.5), applied to a stored resource.
public enum SCIMProjection {
  /// The resource as a client asked to see it. `returned: never` attributes
  /// (`password`) are never included, `always` ones (`id`) always are, and
  /// `request` ones only when named in `attributes`. `schemas` and `meta` are
  /// always kept: clients read the resource type and version from them. When
  /// both lists are given `attributes` wins; names are case-insensitive, may be
  /// URN-prefixed or dotted, and names the schema does not know are ignored.
  public static func apply(
    _ resource: JSONValue, attributes: [String]? = nil, excludedAttributes: [String]? = nil, type: SCIMResourceType
  ) -> JSONValue {
    guard case .object(let root) = resource else { return resource }
    let selection: Selection
    if let attributes, !attributes.isEmpty {
      selection = Selection(names: attributes, type: type, including: true)
    } else {
      selection = Selection(names: excludedAttributes ?? [], type: type, including: false)
    }
    var result = JSONObject()
    for (key, value) in root.members {
      if key.lowercased() == "schemas" || key.lowercased() == "meta" {
        result[key] = value
      } else if let attribute = type.coreAttribute(named: key) {
        result[key] = selection.project(value, attribute, container: nil)
      } else if let schema = type.extensionSchema(id: key), case .object(let object) = value {
        var projected = JSONObject()
        for (name, member) in object.members {
          guard let attribute = schema.attribute(named: name) else { continue }
          projected[name] = selection.project(member, attribute, container: schema.id)
        }
        if !projected.members.isEmpty { result[key] = .object(projected) }
      } else if !selection.including {
        result[key] = value
      }
    }
    return .object(result)
  }

  /// The attributes named in a request, keyed by container URN (or "" for the core schema) and lower-cased name.
  struct Selection {
    let including: Bool
    var whole: Set<String> = []
    var subAttributes: [String: Set<String>] = [:]

    init(names: [String], type: SCIMResourceType, including: Bool) {
      self.including = including
      for name in names {
        let name = name.trimmingSpaces
        if let schema = type.extensionSchema(id: name) {
          for attribute in schema.attributes { whole.insert(Self.key(schema.id, attribute.name)) }
          continue
        }
        guard let path = SCIMAttributePath(parsing: name), let resolved = type.resolve(path) else { continue }
        let key = Self.key(resolved.container, resolved.attribute.name)
        if let sub = resolved.subAttribute {
          subAttributes[key, default: []].insert(sub.name.lowercased())
        } else {
          whole.insert(key)
        }
      }
    }

    static func key(_ container: String?, _ name: String) -> String { (container ?? "").lowercased() + "|" + name.lowercased() }

    /// The part of an attribute's value to return, or `nil` to leave it out.
    func project(_ value: JSONValue, _ attribute: SCIMAttribute, container: String?) -> JSONValue? {
      if attribute.returned == .never { return nil }
      let key = Self.key(container, attribute.name)
      if attribute.returned == .always { return Self.strip(value, attribute) { _ in true } }
      if including {
        if whole.contains(key) { return Self.strip(value, attribute) { _ in true } }
        guard let subs = subAttributes[key] else { return nil }
        return Self.strip(value, attribute) { $0.returned == .always || subs.contains($0.name.lowercased()) }
      }
      if attribute.returned == .request || whole.contains(key) { return nil }
      let subs = subAttributes[key] ?? []
      return Self.strip(value, attribute) { $0.returned == .always || ($0.returned != .request && !subs.contains($0.name.lowercased())) }
    }

    /// The value with the sub-attributes `keep` refuses (and `never` ones) removed; `nil` if nothing is left.
    static func strip(_ value: JSONValue, _ attribute: SCIMAttribute, keep: (SCIMAttribute) -> Bool) -> JSONValue? {
      guard attribute.type == .complex else { return value }
      func object(_ object: JSONObject) -> JSONObject {
        var result = JSONObject()
        for (name, member) in object.members {
          guard let sub = attribute.subAttribute(named: name) else {
            result[name] = member
            continue
          }
          if sub.returned != .never, keep(sub) { result[name] = member }
        }
        return result
      }
      switch value {
      case .object(let value):
        let result = object(value)
        return result.members.isEmpty ? nil : .object(result)
      case .array(let values):
        let result = values.map { $0.objectValue.map { .object(object($0)) } ?? $0 }.filter { !$0.isEmptyContainer }
        return result.isEmpty ? nil : .array(result)
      default: return value
      }
    }
  }
}
