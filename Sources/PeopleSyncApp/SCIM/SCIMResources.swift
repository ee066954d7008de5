import Foundation
import PeopleSyncCore

/// Users and Groups of one tenant: create, read, list, replace, patch, delete, with the checks the
/// RFC asks for (unique userName, ETags, members that exist), each write committed before it returns.
struct SCIMResources {
  let store: SCIMStore
  let tenant: SCIMStore.Tenant
  let baseURL: String

  static func type(_ kind: SCIMStore.Kind) -> SCIMResourceType { kind == .users ? .user : .group }

  func location(_ kind: SCIMStore.Kind, _ resource: JSONValue) -> String {
    "\(baseURL)/\(kind.rawValue)/\(resource.objectValue?["id"]?.stringValue ?? "")"
  }

  static func version(of resource: JSONValue) -> String {
    resource.objectValue?["meta"]?.objectValue?["version"]?.stringValue ?? "W/\"1\""
  }

  // MARK: Reading

  /// The resource as served: its location, a User's groups, then the client's attribute selection.
  /// A resource just `created` is in no group (a group's members must exist before it names
  /// them), so its view needs no look at the groups, nor the tenant's lock that writes hold.
  func view(
    _ kind: SCIMStore.Kind, _ resource: JSONValue, attributes: [String]?, excludedAttributes: [String]?, created: Bool = false
  ) -> JSONValue {
    let needsState = !created || (kind == .groups && tenant.sealer != nil)
    let full = needsState ? store.read(tenant) { complete(kind, resource, $0) } : complete(kind, resource, nil)
    return SCIMProjection.apply(full, attributes: attributes, excludedAttributes: excludedAttributes, type: Self.type(kind))
  }

  /// Adds what is not stored: `meta.location`, and for a User the groups it is a member of.
  private func complete(_ kind: SCIMStore.Kind, _ resource: JSONValue, _ state: SCIMStore.Tenant?) -> JSONValue {
    guard var object = resource.objectValue else { return resource }
    var meta = object["meta"]?.objectValue ?? JSONObject()
    meta["location"] = .string(location(kind, resource))
    object["meta"] = .object(meta)
    if kind == .users, let state, let id = object["id"]?.stringValue {
      let memberships = state.groups.keys.sorted().compactMap { groupID -> JSONValue? in
        guard let group = state.groups[groupID]?.objectValue,
          group["members"]?.arrayValue?.contains(where: { $0.objectValue?["value"]?.stringValue == id }) == true
        else { return nil }
        return .object(
          JSONObject([
            ("value", .string(groupID)), ("$ref", .string("\(baseURL)/Groups/\(groupID)")),
            ("display", group["displayName"] ?? .null), ("type", .string("direct")),
          ]))
      }
      if !memberships.isEmpty { object["groups"] = .array(memberships) }
    }
    if kind == .groups, tenant.sealer != nil, let state, let members = object["members"]?.arrayValue {
      object["members"] = .array(members.map { Self.withDisplay($0, in: state) })
    }
    return .object(object)
  }

  /// An encrypted tenant's member as shown: where the client gave a `display` (stored as `true`,
  /// never as the name: the group's history would keep a purged member's name readable), the
  /// member's name as it is now; where it gave none, none, as written.
  private static func withDisplay(_ member: JSONValue, in state: SCIMStore.Tenant) -> JSONValue {
    guard var object = member.objectValue, object["display"] == .bool(true), let value = object["value"]?.stringValue else {
      return member
    }
    object["display"] = nil
    let display: JSONValue?
    if let user = state.users[value]?.objectValue {
      display = user["displayName"] ?? user["name"]?.objectValue?["formatted"] ?? user["userName"]
    } else {
      display = state.groups[value]?.objectValue?["displayName"]
    }
    if let display { object["display"] = display }
    return .object(object)
  }

  func get(_ kind: SCIMStore.Kind, _ id: String) throws -> JSONValue {
    guard let resource = store.read(tenant, { $0.resources(kind)[id] }) else { throw Self.missing(kind, id) }
    return resource
  }

  /// 1-based `startIndex` (below 1 reads as 1) and `count` (0: only the total; at most `maxResults`).
  struct Page {
    var startIndex = 1
    var count = SCIMDiscovery.maxResults

    init(startIndex: String?, count: String?) throws {
      if let startIndex {
        guard let value = Int(startIndex) else { throw SCIMError.invalidValue("startIndex '\(startIndex)' is not an integer") }
        self.startIndex = max(1, value)
      }
      if let count {
        guard let value = Int(count) else { throw SCIMError.invalidValue("count '\(count)' is not an integer") }
        self.count = min(max(0, value), SCIMDiscovery.maxResults)
      }
    }

    init(_ startIndex: JSONValue?, _ count: JSONValue?) throws {
      func text(_ value: JSONValue?) -> String? {
        switch value {
        case .number(let n)?: n
        case .string(let s)?: s
        default: nil
        }
      }
      try self.init(startIndex: text(startIndex), count: text(count))
    }
  }

  /// The resources matching `filter`, in id order (stable from one page to the next), one page of them.
  func list(_ kind: SCIMStore.Kind, filter: String?, page: Page, attributes: [String]?, excludedAttributes: [String]?) throws -> JSONValue {
    let (matched, total) = try matching(kind, filter: filter, page: page)
    let shown = matched.map { view(kind, $0, attributes: attributes, excludedAttributes: excludedAttributes) }
    return SCIMDiscovery.listResponse(shown, total: total, startIndex: page.startIndex)
  }

  private func matching(_ kind: SCIMStore.Kind, filter: String?, page: Page) throws -> (page: [JSONValue], total: Int) {
    let parsed = try filter.map { text throws(SCIMError) in try SCIMFilter.parse(text, for: Self.type(kind)) }
    return store.read(tenant) { state in
      let all = state.resources(kind)
      let ids = all.keys.sorted()
      var matched: [JSONValue] = []
      var total = 0
      for id in ids {
        let resource = all[id]!
        if let parsed, !parsed.matches(resource, in: Self.type(kind)) { continue }
        total += 1
        if total >= page.startIndex && matched.count < page.count { matched.append(resource) }
      }
      return (matched, total)
    }
  }

  /// `POST /.search` (every type when `kind` is nil) with a SearchRequest body.
  func search(_ kind: SCIMStore.Kind?, body: JSONValue) throws -> JSONValue {
    guard let request = body.objectValue else { throw SCIMError.invalidSyntax("a SearchRequest must be a JSON object") }
    let page = try Page(request["startIndex"], request["count"])
    func names(_ key: String) throws -> [String]? {
      guard let value = request[key] else { return nil }
      guard let list = value.arrayValue?.compactMap(\.stringValue), list.count == value.arrayValue?.count else {
        throw SCIMError.invalidValue("\(key) must be an array of attribute names")
      }
      return list
    }
    let filter = request["filter"]?.stringValue
    let attributes = try names("attributes")
    let excluded = try names("excludedAttributes")
    var shown: [JSONValue] = []
    var total = 0
    var remaining = Page(copying: page)
    for each in kind.map({ [$0] }) ?? SCIMStore.Kind.allCases {
      // A filter naming attributes of only one type is an error for the other: match nothing there.
      let found: (page: [JSONValue], total: Int)
      do { found = try matching(each, filter: filter, page: remaining) } catch let error as SCIMError where kind == nil {
        if error.scimType == "invalidFilter" && filter != nil { found = ([], 0) } else { throw error }
      }
      shown += found.page.map { view(each, $0, attributes: attributes, excludedAttributes: excluded) }
      total += found.total
      remaining.startIndex = max(1, remaining.startIndex - found.total)
      remaining.count = max(0, remaining.count - found.page.count)
    }
    return SCIMDiscovery.listResponse(shown, total: total, startIndex: page.startIndex)
  }

  // MARK: Writing

  func create(_ kind: SCIMStore.Kind, body: JSONValue) throws -> JSONValue {
    let normalized = try SCIMSchema.normalize(body, for: Self.type(kind))
    let id = Self.newID()
    return try store.write(tenant, summary: "create \(kind == .users ? "User" : "Group") \(id)", creating: true) { state in
      try check(kind, normalized, id: id, in: state)
      let resource = stamp(normalized, kind: kind, id: id, created: nil, version: 1)
      return (resource, [SCIMStore.Change(kind: kind, id: id, resource: resource)])
    }
  }

  func replace(_ kind: SCIMStore.Kind, _ id: String, body: JSONValue, ifMatch: String?) throws -> JSONValue {
    let normalized = try SCIMSchema.normalize(body, for: Self.type(kind))
    return try store.write(tenant, summary: "replace \(kind == .users ? "User" : "Group") \(id)") { state in
      let current = try existing(kind, id, ifMatch: ifMatch, in: state)
      try check(kind, normalized, id: id, in: state)
      let resource = stamp(normalized, kind: kind, id: id, created: current, version: Self.number(current) + 1)
      if Self.unstamped(resource) == Self.unstamped(current) { return (current, []) }
      return (resource, [SCIMStore.Change(kind: kind, id: id, resource: resource)])
    }
  }

  func patch(_ kind: SCIMStore.Kind, _ id: String, body: JSONValue, ifMatch: String?) throws -> JSONValue {
    try store.write(tenant, summary: "patch \(kind == .users ? "User" : "Group") \(id)") { state in
      let current = try existing(kind, id, ifMatch: ifMatch, in: state)
      let patched = try SCIMPatch.apply(body, to: current, type: Self.type(kind))
      if patched == current { return (current, []) }
      try check(kind, patched, id: id, in: state)
      let resource = stamp(patched, kind: kind, id: id, created: current, version: Self.number(current) + 1)
      return (resource, [SCIMStore.Change(kind: kind, id: id, resource: resource)])
    }
  }

  func delete(_ kind: SCIMStore.Kind, _ id: String, ifMatch: String?) throws {
    try store.write(tenant, summary: "delete \(kind == .users ? "User" : "Group") \(id)") { state in
      _ = try existing(kind, id, ifMatch: ifMatch, in: state)
      var changes = [SCIMStore.Change(kind: kind, id: id, resource: nil)]
      // A deleted user leaves every group it was in.
      if kind == .users {
        for (groupID, group) in state.groups.sorted(by: { $0.key < $1.key }) {
          guard var object = group.objectValue, let members = object["members"]?.arrayValue else { continue }
          let kept = members.filter { $0.objectValue?["value"]?.stringValue != id }
          guard kept.count != members.count else { continue }
          object["members"] = .array(kept)
          changes.append(
            SCIMStore.Change(
              kind: .groups, id: groupID,
              resource: stamp(.object(object), kind: .groups, id: groupID, created: group, version: Self.number(group) + 1)))
        }
      }
      return ((), changes)
    }
  }

  /// The current resource, after checking `If-Match` (412 when it names another version).
  private func existing(_ kind: SCIMStore.Kind, _ id: String, ifMatch: String?, in state: SCIMStore.Tenant) throws -> JSONValue {
    guard let current = state.resources(kind)[id] else { throw Self.missing(kind, id) }
    if let ifMatch, ifMatch != "*" {
      let wanted = ifMatch.split(separator: ",").map { Self.strip($0.trimmingCharacters(in: .whitespaces)) }
      guard wanted.contains(Self.strip(Self.version(of: current))) else {
        throw SCIMError.preconditionFailed("If-Match \(ifMatch) does not match the current version \(Self.version(of: current))")
      }
    }
    return current
  }

  /// Unique userName (case-insensitive), and group members that exist.
  private func check(_ kind: SCIMStore.Kind, _ resource: JSONValue, id: String, in state: SCIMStore.Tenant) throws {
    guard let object = resource.objectValue else { return }
    if kind == .users {
      guard let userName = object["userName"]?.stringValue, !userName.isEmpty else {
        throw SCIMError.invalidValue("userName is required")
      }
      if let other = state.userNames[userName.lowercased()], other != id {
        throw SCIMError.uniqueness("userName '\(userName)' is already taken by user \(other)")
      }
    } else {
      for member in object["members"]?.arrayValue ?? [] {
        guard let value = member.objectValue?["value"]?.stringValue else {
          throw SCIMError.invalidValue("each member needs a value (a user's id)")
        }
        guard state.users[value] != nil || state.groups[value] != nil else {
          throw SCIMError.invalidValue("member '\(value)' is not a user or group of this tenant")
        }
      }
    }
  }

  /// The stored form: schemas, id and meta (created kept from `created`, lastModified now, version).
  private func stamp(_ resource: JSONValue, kind: SCIMStore.Kind, id: String, created: JSONValue?, version: Int) -> JSONValue {
    var object = resource.objectValue ?? JSONObject()
    let now = Self.timestamp(store.settings.now())
    var meta = JSONObject()
    meta["resourceType"] = .string(kind == .users ? "User" : "Group")
    meta["created"] = created?.objectValue?["meta"]?.objectValue?["created"] ?? .string(now)
    meta["lastModified"] = .string(now)
    meta["version"] = .string("W/\"\(version)\"")
    object["id"] = .string(id)
    object["meta"] = .object(meta)
    object["groups"] = nil
    if kind == .groups, tenant.sealer != nil, let members = object["members"]?.arrayValue {
      // Shown from the member when read (`withDisplay`), never stored: only that one was given.
      object["members"] = .array(
        members.map { member in
          guard var fields = member.objectValue, let display = fields["display"] else { return member }
          fields["display"] = display == .null ? nil : .bool(true)
          return .object(fields)
        })
    }
    if object["schemas"] == nil { object["schemas"] = .array([.string(Self.type(kind).schema.id)]) }
    return .object(object)
  }

  /// `2026-11-29T15:04:05Z`, as `ISO8601DateFormatter` writes it: made by hand because the
  /// formatter (one, behind a lock, shared by every request thread) was a measurable part of a create.
  static func timestamp(_ date: Date) -> String {
    var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
    var parts = tm()
    gmtime_r(&seconds, &parts)
    var out: [UInt8] = []
    out.reserveCapacity(20)
    func digits(_ value: Int32, _ count: Int) {
      var divisor: Int32 = 1
      for _ in 1..<count { divisor *= 10 }
      while divisor > 0 {
        out.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
        divisor /= 10
      }
    }
    digits(parts.tm_year + 1900, 4)
    out.append(UInt8(ascii: "-"))
    digits(parts.tm_mon + 1, 2)
    out.append(UInt8(ascii: "-"))
    digits(parts.tm_mday, 2)
    out.append(UInt8(ascii: "T"))
    digits(parts.tm_hour, 2)
    out.append(UInt8(ascii: ":"))
    digits(parts.tm_min, 2)
    out.append(UInt8(ascii: ":"))
    digits(parts.tm_sec, 2)
    out.append(UInt8(ascii: "Z"))
    return String(decoding: out, as: UTF8.self)
  }

  /// A random (version 4) UUID in lower case. `UUID()` opened /dev/urandom for each one, a file
  /// opened and closed per create; the system generator asks the kernel without a file.
  static func newID() -> String {
    var generator = SystemRandomNumberGenerator()
    var bytes = (0..<2).flatMap { _ in withUnsafeBytes(of: generator.next() as UInt64) { Array($0) } }
    bytes[6] = bytes[6] & 0x0F | 0x40
    bytes[8] = bytes[8] & 0x3F | 0x80
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(36)
    for (index, byte) in bytes.enumerated() {
      if [4, 6, 8, 10].contains(index) { out.append(UInt8(ascii: "-")) }
      out += [digits[Int(byte >> 4)], digits[Int(byte & 15)]]
    }
    return String(decoding: out, as: UTF8.self)
  }

  private static func unstamped(_ resource: JSONValue) -> JSONValue {
    guard var object = resource.objectValue else { return resource }
    object["meta"] = nil
    return .object(object)
  }

  private static func number(_ resource: JSONValue) -> Int {
    Int(strip(version(of: resource)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))) ?? 1
  }

  private static func strip(_ tag: String) -> String { tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag }

  static func missing(_ kind: SCIMStore.Kind, _ id: String) -> SCIMError {
    SCIMError.notFound("\(kind == .users ? "User" : "Group") \(id) not found")
  }
}

extension SCIMResources.Page {
  fileprivate init(copying page: SCIMResources.Page) { self = page }
}
