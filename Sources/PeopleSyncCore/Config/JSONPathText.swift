import Foundation

/// JSON paths written as JSON Schema validators write them: `.key` for identifiers, `['key']` otherwise.
public enum JSONPathText {
  /// The path of member `key` of the value at `base`.
  public static func member(_ base: String, _ key: String) -> String {
    let bytes = Array(key.utf8)
    let identifier =
      !bytes.isEmpty && ((97...122).contains(bytes[0]) || (65...90).contains(bytes[0]))
      && bytes.allSatisfy { (97...122).contains($0) || (65...90).contains($0) || (48...57).contains($0) || $0 == 95 }
    if identifier { return "\(base).\(key)" }
    return "\(base)['\(key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'"))']"
  }
}
