/// Writes an entry's members in the file format's order; the one place that format is spelled out.
struct EntryWriter {
  private var out: [UInt8] = []

  init(id: PersonID, status: DirectoryEntry.Status, reusing buffer: consuming [UInt8] = []) {
    out = buffer
    out.removeAll(keepingCapacity: true)
    out.reserveCapacity(384)
    out.append(contentsOf: "{\n  \"id\": \"".utf8)
    out.append(contentsOf: id.hexBytes)
    out.append(contentsOf: "\",\n  \"status\": \"".utf8)
    out.append(contentsOf: status.rawValue.utf8)
    out.append(UInt8(ascii: "\""))
  }

  private mutating func open(_ key: StaticString) {
    out.append(contentsOf: [0x2C, 0x0A, 0x20, 0x20, 0x22])
    out.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
    out.append(contentsOf: [0x22, 0x3A, 0x20])
  }

  mutating func member(_ key: StaticString, _ value: String?) {
    guard let value else { return }
    open(key)
    JSONWriter.appendString(value, to: &out)
  }

  /// A member from bytes; empty bytes mean a blank field, which is left out.
  mutating func member(_ key: StaticString, _ value: UnsafeBufferPointer<UInt8>) {
    guard !value.isEmpty else { return }
    open(key)
    JSONWriter.appendString(bytes: value, to: &out)
  }

  mutating func member(_ key: StaticString, _ value: Day?) {
    guard let value else { return }
    open(key)
    out.append(0x22)
    out.append(contentsOf: value.bytes)
    out.append(0x22)
  }

  /// The custom fields with a value, already sorted by name.
  mutating func custom(_ fields: [(name: String, value: String)]) {
    guard !fields.isEmpty else { return }
    out.append(contentsOf: ",\n  \"custom\": {".utf8)
    for (offset, field) in fields.enumerated() {
      out.append(contentsOf: (offset == 0 ? "\n    " : ",\n    ").utf8)
      JSONWriter.appendString(field.name, to: &out)
      out.append(contentsOf: ": ".utf8)
      JSONWriter.appendString(field.value, to: &out)
    }
    out.append(contentsOf: "\n  }".utf8)
  }

  /// One custom field from bytes; the first opens the block, `endCustom` closes it.
  mutating func customMember(_ name: String, _ value: UnsafeBufferPointer<UInt8>, first: Bool) {
    if first { out.append(contentsOf: ",\n  \"custom\": {".utf8) }
    out.append(contentsOf: (first ? "\n    " : ",\n    ").utf8)
    JSONWriter.appendString(name, to: &out)
    out.append(contentsOf: ": ".utf8)
    JSONWriter.appendString(bytes: value, to: &out)
  }

  mutating func endCustom() { out.append(contentsOf: "\n  }".utf8) }

  /// The groups of a rule outcome, by their sorted names, without making a list of them.
  mutating func groups(_ set: GroupSet, names: [String]) {
    guard !set.isEmpty else { return }
    out.append(contentsOf: ",\n  \"groups\": [".utf8)
    var first = true
    set.forEach { index in
      out.append(contentsOf: (first ? "\n    " : ",\n    ").utf8)
      JSONWriter.appendString(names[index], to: &out)
      first = false
    }
    out.append(contentsOf: "\n  ]".utf8)
  }

  /// The groups, one per line, already sorted; nothing when there are none.
  mutating func groups(_ names: [String]) {
    guard !names.isEmpty else { return }
    out.append(contentsOf: ",\n  \"groups\": [".utf8)
    for (offset, name) in names.enumerated() {
      out.append(contentsOf: (offset == 0 ? "\n    " : ",\n    ").utf8)
      JSONWriter.appendString(name, to: &out)
    }
    out.append(contentsOf: "\n  ]".utf8)
  }

  consuming func finish() -> [UInt8] {
    out.append(contentsOf: "\n}\n".utf8)
    return out
  }
}
