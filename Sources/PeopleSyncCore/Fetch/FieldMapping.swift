/// How one directory field is read from a source record: the small mapping language of
/// `fields` and `customFields` in a workday or ukg source.
///
/// - `"Email"`: the value at a path;
/// - `["Email", "Work_Email"]`: the first of several that is not empty;
/// - `{"join": [["preferredName", "firstName"], "lastName"], "separator": " "}`: the non-empty parts joined;
/// - `{"const": "Berlin"}`: always this value;
/// - `{"path": "Location", "default": "Remote"}` (or `"first": [...]`): a value, or the default when empty.
public indirect enum FieldMapping: Equatable, Sendable, CustomStringConvertible {
  case path(SourcePath)
  case firstOf([FieldMapping])
  case join([FieldMapping], separator: String)
  case constant(String)
  case withDefault(FieldMapping, String)

  /// Every value the mapping finds in `record`, in order (a path into an array finds several).
  public func values(in record: JSONValue) -> [String] {
    switch self {
    case .path(let path): return path.values(in: record)
    case .firstOf(let choices):
      for choice in choices {
        let found = choice.values(in: record)
        if !found.isEmpty { return found }
      }
      return []
    case .join(let parts, let separator):
      let text = parts.compactMap { $0.values(in: record).first }.joined(separator: separator)
      return text.isEmpty ? [] : [text]
    case .constant(let value): return value.isEmpty ? [] : [value]
    case .withDefault(let mapping, let fallback):
      let found = mapping.values(in: record)
      return found.isEmpty && !fallback.isEmpty ? [fallback] : found
    }
  }

  /// The first value, or nil.
  public func value(in record: JSONValue) -> String? { values(in: record).first }

  /// The mapping as configuration would write it, for messages and documentation.
  public var description: String {
    switch self {
    case .path(let path): return "\"\(path)\""
    case .firstOf(let choices): return "[" + choices.map(\.description).joined(separator: ", ") + "]"
    case .join(let parts, let separator):
      return "{\"join\": [" + parts.map(\.description).joined(separator: ", ") + "], \"separator\": \"\(separator)\"}"
    case .constant(let value): return "{\"const\": \"\(value)\"}"
    case .withDefault(let mapping, let fallback): return "\(mapping) (default \"\(fallback)\")"
    }
  }

  /// Shorthand for defaults written in code: one path, or the first of several.
  static func paths(_ texts: String...) -> FieldMapping {
    let mappings = texts.map { text -> FieldMapping in
      guard case .success(let path) = SourcePath.parse(text) else { preconditionFailure("bad built-in path \(text)") }
      return .path(path)
    }
    return mappings.count == 1 ? mappings[0] : .firstOf(mappings)
  }
}

/// Reads mappings from configuration, reporting each problem at its JSON path.
public struct FieldMappingReader {
  /// Every problem found so far, with its JSON path and diagnostic code.
  public private(set) var problems: [(jsonPath: String, code: String, message: String)] = []

  /// A reader with no problems yet.
  public init() {}

  /// The mapping configured at `path`; nil, and problems noted, when it is not one.
  public mutating func read(_ value: JSONValue, at path: String) -> FieldMapping? {
    switch value {
    case .string(let text):
      switch SourcePath.parse(text) {
      case .success(let sourcePath): return .path(sourcePath)
      case .failure(let error):
        problems.append((path, "config.pattern", "not a source path: \(error)"))
        return nil
      }
    case .array(let items):
      guard !items.isEmpty else {
        problems.append((path, "config.type", "an empty list of alternatives"))
        return nil
      }
      let choices = items.enumerated().map { read($1, at: "\(path)[\($0)]") }
      guard choices.allSatisfy({ $0 != nil }) else { return nil }
      return .firstOf(choices.map { $0! })
    case .object(let object):
      return readObject(object, at: path)
    default:
      problems.append((path, "config.type", "expected a path, a list of paths or an object, found \(value.typeName)"))
      return nil
    }
  }

  private mutating func readObject(_ object: JSONObject, at path: String) -> FieldMapping? {
    let forms = ["path", "first", "join", "const"].filter { object[$0] != nil }
    for key in object.keys where !["path", "first", "join", "const", "separator", "default"].contains(key) {
      problems.append(
        (JSONPathText.member(path, key), "config.unknown", "unknown key '\(key)' (one of: path, first, join, const, separator, default)"))
    }
    guard forms.count == 1, let form = forms.first else {
      problems.append((path, "config.required", "a mapping object takes exactly one of 'path', 'first', 'join', 'const'"))
      return nil
    }
    let memberPath = JSONPathText.member(path, form)
    var mapping: FieldMapping?
    switch form {
    case "path":
      guard object["path"]?.stringValue != nil else {
        problems.append((memberPath, "config.type", "expected a string"))
        return nil
      }
      mapping = read(object["path"]!, at: memberPath)
    case "first":
      guard object["first"]?.arrayValue != nil else {
        problems.append((memberPath, "config.type", "expected a list"))
        return nil
      }
      mapping = read(object["first"]!, at: memberPath)
    case "join":
      guard let parts = object["join"]?.arrayValue, !parts.isEmpty else {
        problems.append((memberPath, "config.type", "expected a non-empty list of parts"))
        return nil
      }
      let read = parts.enumerated().map { self.read($1, at: "\(memberPath)[\($0)]") }
      guard read.allSatisfy({ $0 != nil }) else { return nil }
      var separator = " "
      if let value = object["separator"] {
        guard let text = value.stringValue else {
          problems.append((JSONPathText.member(path, "separator"), "config.type", "expected a string"))
          return nil
        }
        separator = text
      }
      mapping = .join(read.map { $0! }, separator: separator)
    default:
      guard let value = object["const"]?.stringValue else {
        problems.append((memberPath, "config.type", "expected a string"))
        return nil
      }
      mapping = .constant(value)
    }
    if form != "join", object["separator"] != nil {
      problems.append((JSONPathText.member(path, "separator"), "config.unknown", "'separator' goes with 'join' only"))
    }
    guard let mapping else { return nil }
    guard let fallback = object["default"] else { return mapping }
    guard let text = fallback.stringValue else {
      problems.append((JSONPathText.member(path, "default"), "config.type", "expected a string"))
      return nil
    }
    return .withDefault(mapping, text)
  }
}
