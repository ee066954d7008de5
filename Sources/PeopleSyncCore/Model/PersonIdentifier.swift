/// Derives person identifiers from keys. The seam where a keyed hash replaces the plain one.
public protocol PersonIdentifier: Sendable {
  /// The id of the person `key` names in `tenant`: the same key always gives the same id.
  func id(for key: PersonKey, tenant: String) -> PersonID
  /// The same, from the key's UTF-8 bytes (`byEmployeeID`: an Employee ID, else a lowercased email):
  /// a sync derives a million ids and need not make a string for each.
  func id(byEmployeeID: Bool, bytes: UnsafeBufferPointer<UInt8>, tenant: String) -> PersonID
}

extension PersonIdentifier {
  /// Makes the key's string and derives the id from it; identifiers that can hash bytes do better.
  public func id(byEmployeeID: Bool, bytes: UnsafeBufferPointer<UInt8>, tenant: String) -> PersonID {
    let text = String(decoding: bytes, as: UTF8.self)
    return id(for: byEmployeeID ? .employeeID(text) : .email(text), tenant: tenant)
  }
}
