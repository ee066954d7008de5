/// A directory entry's file format: pretty JSON, fixed key order, one field per line,
/// so that `git diff` between two syncs reads like a list of field changes.
public enum EntryFormat {
  public struct DecodingError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
  }

  /// The entry's bytes. Byte-identical for equal entries: unchanged people keep their blob.
  public static func encode(_ entry: DirectoryEntry) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(384)
    out.append(contentsOf: "{\n  \"id\": \"".utf8)
    out.append(contentsOf: entry.id.hexBytes)
    out.append(contentsOf: "\",\n  \"status\": \"".utf8)
    out.append(contentsOf: entry.status.rawValue.utf8)
    out.append(UInt8(ascii: "\""))
    func member(_ key: StaticString, _ value: String?) {
      guard let value else { return }
      open(key)
      JSONWriter.appendString(value, to: &out)
    }
    func member(_ key: StaticString, _ value: Day?) {
      guard let value else { return }
      open(key)
      out.append(0x22)
      out.append(contentsOf: value.bytes)
      out.append(0x22)
    }
    func open(_ key: StaticString) {
      out.append(contentsOf: [0x2C, 0x0A, 0x20, 0x20, 0x22])
      out.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
      out.append(contentsOf: [0x22, 0x3A, 0x20])
    }
    if let person = entry.person {
      member("fullName", person.fullName)
      member("email", person.email)
      member("employeeId", person.employeeId)
      member("department", person.department)
      member("title", person.title)
      member("location", person.location)
      member("managerEmail", person.managerEmail)
      member("pictureUrl", person.pictureUrl)
      member("hireDate", person.hireDate)
      member("terminationDate", person.terminationDate)
      if !person.custom.isEmpty {
        out.append(contentsOf: ",\n  \"custom\": {".utf8)
        for (offset, field) in person.custom.sorted.enumerated() {
          out.append(contentsOf: (offset == 0 ? "\n    " : ",\n    ").utf8)
          JSONWriter.appendString(field.name, to: &out)
          out.append(contentsOf: ": ".utf8)
          JSONWriter.appendString(field.value, to: &out)
        }
        out.append(contentsOf: "\n  }".utf8)
      }
    }
    member("source", entry.source)
    member("deprovisionedOn", entry.deprovisionedOn)
    member("deprovisionReason", entry.deprovisionReason?.rawValue)
    out.append(contentsOf: "\n}\n".utf8)
    return out
  }

  /// Reads an entry back; `expected` is the id its path names.
  public static func decode(_ bytes: [UInt8], expected: PersonID? = nil) throws -> DirectoryEntry {
    let document: JSONValue
    do { document = try JSONParser.parse(bytes) } catch { throw DecodingError(message: "not valid JSON: \(error)") }
    guard let object = document.objectValue else { throw DecodingError(message: "an entry must be a JSON object") }
    func text(_ key: String) -> String? { object[key]?.stringValue }
    func day(_ key: String) throws -> Day? {
      guard let value = text(key) else { return nil }
      guard let day = Day(value) else { throw DecodingError(message: "\(key) '\(value)' is not YYYY-MM-DD") }
      return day
    }
    guard let idText = text("id"), let id = PersonID(hex: idText) else { throw DecodingError(message: "missing or malformed id") }
    if let expected, expected != id { throw DecodingError(message: "id \(id) does not match its file name \(expected)") }
    guard let statusText = text("status"), let status = DirectoryEntry.Status(rawValue: statusText) else {
      throw DecodingError(message: "missing or unknown status")
    }
    var person: PersonFields?
    if status != .purged {
      guard let name = text("fullName"), let email = text("email") else { throw DecodingError(message: "fullName and email are required") }
      var custom: [String: String] = [:]
      for member in object["custom"]?.objectValue?.members ?? [] {
        if let value = member.value.stringValue { custom[member.key] = value }
      }
      person = PersonFields(
        fullName: name, email: email, employeeId: text("employeeId"), department: text("department"), title: text("title"),
        location: text("location"), managerEmail: text("managerEmail"), pictureUrl: text("pictureUrl"),
        hireDate: try day("hireDate"), terminationDate: try day("terminationDate"), custom: CustomFields(custom))
    }
    var reason: DirectoryEntry.DeprovisionReason?
    if let value = text("deprovisionReason") {
      guard let parsed = DirectoryEntry.DeprovisionReason(rawValue: value) else { throw DecodingError(message: "unknown deprovisionReason '\(value)'") }
      reason = parsed
    }
    return DirectoryEntry(
      id: id, status: status, person: person, source: text("source"), deprovisionedOn: try day("deprovisionedOn"),
      deprovisionReason: reason)
  }
}
