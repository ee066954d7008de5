/// A directory entry's file format: pretty JSON, fixed key order, one field per line,
/// so that `git diff` between two syncs reads like a list of field changes.
public enum EntryFormat {
  /// An entry file that does not hold what the format writes.
  public struct DecodingError: Error, CustomStringConvertible, Sendable {
    /// What is wrong, with the member it concerns.
    public let message: String
    /// The message.
    public var description: String { message }
  }

  /// The entry's bytes. Byte-identical for equal entries: unchanged people keep their blob.
  public static func encode(_ entry: DirectoryEntry) -> [UInt8] {
    var writer = EntryWriter(id: entry.id, status: entry.status)
    if let person = entry.person {
      writer.member("fullName", person.fullName)
      writer.member("email", person.email)
      writer.member("employeeId", person.employeeId)
      writer.member("department", person.department)
      writer.member("title", person.title)
      writer.member("location", person.location)
      writer.member("managerEmail", person.managerEmail)
      writer.member("pictureUrl", person.pictureUrl)
      writer.member("hireDate", person.hireDate)
      writer.member("terminationDate", person.terminationDate)
      writer.custom(person.custom.sorted)
      writer.member("role", person.role)
      writer.groups(person.groups)
    }
    writer.member("source", entry.source)
    writer.member("deprovisionedOn", entry.deprovisionedOn)
    writer.member("deprovisionReason", entry.deprovisionReason?.rawValue)
    return writer.finish()
  }

  /// False for the anonymised entry left after a purge, true for every other entry.
  public static func holdsPersonalData(_ encoded: [UInt8]) -> Bool {
    !(encoded.count >= statusOffset + purgedStatus.count
      && Array(encoded[statusOffset..<(statusOffset + purgedStatus.count)]) == purgedStatus)
  }

  /// Where the status value starts: after `{`, the id line and `"status": "`, the same length in every entry.
  static let statusOffset = Array(encode(.purged(PersonID(0)))).firstRange(of: Array("purged".utf8))!.lowerBound
  static let purgedStatus = Array("purged\"".utf8)

  /// The active entry a record resolves to, written straight from the record's bytes: the
  /// same bytes `encode` gives for that entry, without making its strings.
  /// Writes into `buffer`, reusing its storage: the planner encodes a million of these.
  static func encodeActive(
    id: PersonID, record: EmployeeRecord, location: String?, keepsManager: Bool, customOrder: [Int], role: String? = nil,
    groups: GroupSet = GroupSet(), groupNames: [String] = [], into buffer: inout [UInt8]
  ) {
    var taken: [UInt8] = []
    swap(&taken, &buffer)
    var writer = EntryWriter(id: id, status: .active, reusing: consume taken)
    writer.member("fullName", record.bytes(.fullName))
    writer.member("email", record.bytes(.email))
    writer.member("employeeId", record.bytes(.employeeId))
    writer.member("department", record.bytes(.department))
    writer.member("title", record.bytes(.title))
    writer.member("location", location)
    if keepsManager { writer.member("managerEmail", record.bytes(.managerEmail)) }
    writer.member("pictureUrl", record.bytes(.pictureUrl))
    writer.member("hireDate", record.hireDate)
    writer.member("terminationDate", record.terminationDate)
    let ranges = record.customRanges
    let names = record.store.customNames
    var first = true
    for index in customOrder {
      let range = ranges[ranges.startIndex + index]
      guard !range.isBlank else { continue }
      writer.customMember(names[index], record.store.bytes(range), first: first)
      first = false
    }
    if !first { writer.endCustom() }
    writer.member("role", role)
    writer.groups(groups, names: groupNames)
    writer.member("source", record.source)
    buffer = writer.finish()
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
      var groups: [String] = []
      if let list = object["groups"] {
        guard let items = list.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
          throw DecodingError(message: "groups must be a list of group names")
        }
        groups = items.compactMap(\.stringValue)
      }
      person = PersonFields(
        fullName: name, email: email, employeeId: text("employeeId"), department: text("department"), title: text("title"),
        location: text("location"), managerEmail: text("managerEmail"), pictureUrl: text("pictureUrl"),
        hireDate: try day("hireDate"), terminationDate: try day("terminationDate"), custom: CustomFields(custom), role: text("role"),
        groups: groups)
    }
    var reason: DirectoryEntry.DeprovisionReason?
    if let value = text("deprovisionReason") {
      guard let parsed = DirectoryEntry.DeprovisionReason(rawValue: value) else {
        throw DecodingError(message: "unknown deprovisionReason '\(value)'")
      }
      reason = parsed
    }
    return DirectoryEntry(
      id: id, status: status, person: person, source: text("source"), deprovisionedOn: try day("deprovisionedOn"),
      deprovisionReason: reason)
  }
}
