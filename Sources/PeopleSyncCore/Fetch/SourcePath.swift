/// Where a value sits in one record of an HR system: keys and array indexes,
/// `Additional_Emails_group[0].Email_Address` or `name.first`.
public struct SourcePath: Equatable, Sendable, CustomStringConvertible {
  /// One step down into a record: a member by key, or an array element by index.
  public enum Step: Equatable, Sendable {
    case key(String)
    case index(Int)
  }

  /// The steps from the record to the value.
  public let steps: [Step]
  /// The path as written.
  public let description: String

  /// Parses `key(.key|[n])*`; the error says what is wrong, for a validation message.
  public static func parse(_ text: String) -> Result<SourcePath, SourcePathError> {
    var steps: [Step] = []
    var key = ""
    var rest = Substring(text)
    func endKey() -> Bool {
      guard !key.isEmpty else { return false }
      steps.append(.key(key))
      key = ""
      return true
    }
    while let character = rest.first {
      rest = rest.dropFirst()
      switch character {
      case ".":
        // A key ends at a dot, unless an index just ended it.
        if key.isEmpty, case .index = steps.last {
          continue
        }
        guard endKey() else { return .failure(SourcePathError("an empty key in '\(text)'")) }
      case "[":
        if !key.isEmpty { _ = endKey() }
        guard !steps.isEmpty, let close = rest.firstIndex(of: "]"), let index = Int(rest[..<close]), index >= 0 else {
          return .failure(SourcePathError("'[' must follow a key and hold an index such as [0] in '\(text)'"))
        }
        steps.append(.index(index))
        rest = rest[rest.index(after: close)...]
        if let next = rest.first, next != ".", next != "[" {
          return .failure(SourcePathError("expected '.' or '[' after ']' in '\(text)'"))
        }
      case "]":
        return .failure(SourcePathError("']' without '[' in '\(text)'"))
      default:
        key.append(character)
      }
    }
    if !key.isEmpty {
      _ = endKey()
    } else if text.hasSuffix(".") || steps.isEmpty {
      return .failure(SourcePathError("an empty key in '\(text)'"))
    }
    return .success(SourcePath(steps: steps, description: text))
  }

  /// The scalar values found at this path, in order. Missing keys, `null` and blank strings give
  /// nothing. An array met where a key is wanted is walked element by element (Workday's
  /// `_group` arrays); a single value where an index is wanted counts as an array of one (Workday
  /// sends one group member as a bare object). Keys match exactly, else ignoring case (UKG spells
  /// `employeeID` and `employeeId` in different endpoints).
  public func values(in record: JSONValue) -> [String] {
    var found: [String] = []
    collect(record, steps[...], into: &found)
    return found
  }

  private func collect(_ value: JSONValue, _ steps: ArraySlice<Step>, into found: inout [String]) {
    guard let step = steps.first else {
      Self.scalars(value, into: &found)
      return
    }
    switch (step, value) {
    case (.key(let key), .object(let object)):
      if let member = Self.member(object, key) { collect(member, steps.dropFirst(), into: &found) }
    case (.key, .array(let elements)):
      for element in elements { collect(element, steps, into: &found) }
    case (.index(let index), .array(let elements)):
      if index < elements.count { collect(elements[index], steps.dropFirst(), into: &found) }
    case (.index(let index), .object), (.index(let index), .string), (.index(let index), .number), (.index(let index), .bool):
      if index == 0 { collect(value, steps.dropFirst(), into: &found) }
    default:
      break
    }
  }

  /// The member named `key`, or else the first whose name differs only in case.
  public static func member(_ object: JSONObject, _ key: String) -> JSONValue? {
    if let exact = object[key] { return exact }
    let lowered = key.lowercased()
    return object.members.first { $0.key.lowercased() == lowered }?.value
  }

  private static func scalars(_ value: JSONValue, into found: inout [String]) {
    switch value {
    case .string(let text):
      let trimmed = text.trimmingWhitespace()
      if !trimmed.isEmpty { found.append(trimmed) }
    case .number(let text): found.append(text)
    case .bool(let flag): found.append(flag ? "true" : "false")
    case .array(let elements): for element in elements { scalars(element, into: &found) }
    case .null, .object: break
    }
  }
}

/// Why a text is not a source path, in words for a validation message.
public struct SourcePathError: Error, Equatable, Sendable, CustomStringConvertible {
  /// What is wrong.
  public let description: String
  init(_ description: String) { self.description = description }
}

extension String {
  /// Without leading and trailing spaces, tabs and line breaks.
  func trimmingWhitespace() -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
    return String(self[first...last])
  }
}
