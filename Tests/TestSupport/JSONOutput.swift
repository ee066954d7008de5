import Foundation

/// Parses a command's JSON output into a dictionary; throws when it is not a JSON object.
public func json(_ text: String) throws -> [String: Any] {
  guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
    throw TestFailure("not a JSON object: \(text.prefix(200))")
  }
  return object
}
