/// One field's value before and after a change; nil means blank.
public struct FieldChange: Equatable, Sendable {
  /// The field's name as the entry file writes it (`custom.Cost Center` for a custom field).
  public var field: String
  /// The value before the change.
  public var old: String?
  /// The value after the change.
  public var new: String?

  /// The change of one field from `old` to `new`.
  public init(field: String, old: String?, new: String?) {
    self.field = field
    self.old = old
    self.new = new
  }

  /// The field-level differences between two entries, in the directory's field order.
  public static func between(_ before: DirectoryEntry?, _ after: DirectoryEntry) -> [FieldChange] {
    func values(_ entry: DirectoryEntry?) -> [(String, String)] {
      guard let entry else { return [] }
      var list = entry.person?.namedValues ?? []
      list.append(("status", entry.status.rawValue))
      if let reason = entry.deprovisionReason { list.append(("deprovisionReason", reason.rawValue)) }
      if let day = entry.deprovisionedOn { list.append(("deprovisionedOn", day.description)) }
      if let source = entry.source { list.append(("source", source)) }
      return list
    }
    let old = values(before)
    let new = values(after)
    let oldMap = Dictionary(old, uniquingKeysWith: { a, _ in a })
    let newMap = Dictionary(new, uniquingKeysWith: { a, _ in a })
    var order = new.map(\.0)
    for (name, _) in old where newMap[name] == nil { order.append(name) }
    let rank = Dictionary(uniqueKeysWithValues: fieldOrder.enumerated().map { ($1, $0) })
    func position(_ name: String) -> Int { rank[name.hasPrefix("custom.") ? "custom" : name] ?? fieldOrder.count }
    order.sort { (position($0), $0) < (position($1), $1) }
    return order.compactMap { name in
      oldMap[name] == newMap[name] ? nil : FieldChange(field: name, old: oldMap[name], new: newMap[name])
    }
  }

  static let fieldOrder = [
    "fullName", "email", "employeeId", "department", "title", "location", "managerEmail", "pictureUrl", "hireDate",
    "terminationDate", "custom", "role", "groups", "status", "deprovisionReason", "deprovisionedOn", "source",
  ]
}
