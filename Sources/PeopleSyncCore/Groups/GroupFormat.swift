/// A group's file in the directory: its name and its members' person ids, one per line and
/// sorted, so `git diff` of a group reads as the people who joined and left.
///
///     {
///       "group": "engineering",
///       "members": [
///         "0756eff2f829ec55",
///         "3fa2c9e1d0b47a11"
///       ]
///     }
public enum GroupFormat {
  /// The repository folder holding the tenant's group files.
  public static func folder(tenant: String) -> String { "tenants/\(tenant)/directory/groups" }
  /// The repository path of the group's file.
  public static func path(tenant: String, name: String) -> String { "\(folder(tenant: tenant))/\(name).json" }

  /// The file's bytes; `members` must be sorted.
  public static func encode(name: String, members: [PersonID]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(48 + name.utf8.count + members.count * 24)
    out.append(contentsOf: "{\n  \"group\": ".utf8)
    JSONWriter.appendString(name, to: &out)
    out.append(contentsOf: ",\n  \"members\": [".utf8)
    for (offset, id) in members.enumerated() {
      out.append(contentsOf: (offset == 0 ? "\n    \"" : ",\n    \"").utf8)
      id.appendHex(to: &out)
      out.append(0x22)
    }
    out.append(contentsOf: (members.isEmpty ? "]\n}\n" : "\n  ]\n}\n").utf8)
    return out
  }

  /// The members of a group file, in file order. Files as `encode` writes them are read
  /// directly (a group of a million people is one array of ids); anything else goes through the JSON parser.
  public static func decode(_ bytes: [UInt8]) throws -> (name: String, members: [PersonID]) {
    if let fast = canonical(bytes) { return fast }
    return try parsed(bytes)
  }

  /// Reads exactly the layout `encode` writes, or returns nil.
  static func canonical(_ bytes: [UInt8]) -> (name: String, members: [PersonID])? {
    let head = Array("{\n  \"group\": \"".utf8)
    let middle = Array("\",\n  \"members\": [".utf8)
    guard bytes.starts(with: head), let end = bytes[head.count...].firstIndex(of: 0x22) else { return nil }
    let name = String(decoding: bytes[head.count..<end], as: UTF8.self)
    guard isValidName(name), bytes[end...].starts(with: middle) else { return nil }
    var position = end + middle.count
    var members: [PersonID] = []
    members.reserveCapacity((bytes.count - position) / 24)
    let item = 4 + 1 + 16 + 1  // indent, quote, id, quote
    while position + 1 + item <= bytes.count, bytes[position] == (members.isEmpty ? 0x0A : 0x2C) {
      let start = members.isEmpty ? position + 1 : position + 2
      guard start + item <= bytes.count, bytes[start..<(start + 5)].elementsEqual([0x20, 0x20, 0x20, 0x20, 0x22]),
        bytes[start + 21] == 0x22,
        let value = bytes.withUnsafeBufferPointer({ PersonID.parse(UnsafeBufferPointer(rebasing: $0[(start + 5)..<(start + 21)])) })
      else { return nil }
      members.append(PersonID(value))
      position = start + item
    }
    let tail = Array((members.isEmpty ? "]\n}\n" : "\n  ]\n}\n").utf8)
    guard bytes[position...].elementsEqual(tail) else { return nil }
    return (name, members)
  }

  static func isValidName(_ name: String) -> Bool {
    !name.isEmpty && name.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 45 || $0 == 95 || $0 == 46 }
  }

  static func parsed(_ bytes: [UInt8]) throws -> (name: String, members: [PersonID]) {
    let document: JSONValue
    do { document = try JSONParser.parse(bytes) } catch {
      throw EntryFormat.DecodingError(message: "a group file is not valid JSON: \(error)")
    }
    guard let object = document.objectValue, let name = object["group"]?.stringValue, let list = object["members"]?.arrayValue else {
      throw EntryFormat.DecodingError(message: "a group file needs \"group\" and \"members\"")
    }
    var members: [PersonID] = []
    members.reserveCapacity(list.count)
    for item in list {
      guard let text = item.stringValue, let id = PersonID(hex: text) else {
        throw EntryFormat.DecodingError(message: "group \(name): a member is not a person id")
      }
      members.append(id)
    }
    return (name, members)
  }
}
