/// JSON shapes shared by `plan`, `sync` and `diff` output.
public enum ChangeJSON {
  /// One change: kind, who, why, and each field's old and new value.
  public static func change(_ change: Change) -> JSONValue {
    var object = JSONObject()
    object["kind"] = .string(change.kind.rawValue)
    object["id"] = .string(change.id.hex)
    object["email"] = .string(change.label)
    if let id = change.employeeId { object["employeeId"] = .string(id) }
    if let reason = change.reason { object["reason"] = .string(reason) }
    if let origin = change.origin { object["origin"] = .string(origin) }
    object["fields"] = .array(
      change.fields.map { field in
        .object(
          JSONObject([
            ("field", .string(field.field)), ("old", field.old.map(JSONValue.string) ?? .null),
            ("new", field.new.map(JSONValue.string) ?? .null),
          ]))
      })
    return .object(object)
  }

  /// One group change: its name, kind, who joins and who leaves, and its size after.
  public static func group(_ change: GroupChange) -> JSONValue {
    func members(_ list: [GroupChange.Member]) -> JSONValue {
      .array(list.map { .object(JSONObject([("id", .string($0.id.hex)), ("email", .string($0.label))])) })
    }
    return .object(
      JSONObject([
        ("group", .string(change.name)), ("kind", .string(change.kind.rawValue)), ("joined", members(change.joined)),
        ("left", members(change.left)), ("members", .int(change.members.count)),
      ]))
  }

  /// Counts per kind plus a total.
  public static func summary(_ changes: [Change]) -> JSONObject {
    var counts = JSONObject()
    for kind in Change.Kind.allCases { counts[kind.rawValue] = .int(changes.filter { $0.kind == kind }.count) }
    counts["total"] = .int(changes.count)
    return counts
  }

  /// A diagnostic as JSON: its severity, code, file and position, and message.
  public static func diagnostic(_ item: Diagnostic) -> JSONValue {
    var object = JSONObject()
    object["severity"] = .string(item.severity.rawValue)
    object["code"] = .string(item.code)
    object["file"] = .string(item.file)
    if let line = item.line { object["line"] = .int(line) }
    if let path = item.jsonPath { object["jsonPath"] = .string(path) }
    if let field = item.field { object["field"] = .string(field) }
    object["message"] = .string(item.message)
    return .object(object)
  }
}
