/// The stable pseudonymous identifier of a person in a tenant's directory.
///
/// It names the person's entry file and survives email changes, deprovisioning
/// and purge; it carries no personal data.
public struct PersonID: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let value: UInt64

  public init(_ value: UInt64) { self.value = value }

  /// Parses the 16-character lowercase hexadecimal form.
  public init?(hex: some StringProtocol) {
    guard hex.utf8.count == 16, hex.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }),
      let value = UInt64(hex, radix: 16)
    else { return nil }
    self.value = value
  }

  /// 16 lowercase hexadecimal characters.
  public var hex: String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: 16 - text.count) + text
  }

  public var description: String { hex }

  public static func < (lhs: PersonID, rhs: PersonID) -> Bool { lhs.value < rhs.value }
}

/// What identifies a person in a feed: the Employee ID when present, the email otherwise.
public enum PersonKey: Hashable, Sendable, CustomStringConvertible {
  case employeeID(String)
  /// Always lowercased.
  case email(String)

  /// The canonical text hashed into a `PersonID`.
  public var canonical: String {
    switch self {
    case .employeeID(let id): "employee-id:" + id
    case .email(let email): "email:" + email
    }
  }

  public var description: String {
    switch self {
    case .employeeID(let id): "Employee ID \(id)"
    case .email(let email): email
    }
  }
}

/// Derives person identifiers from keys. The seam where a keyed hash replaces the plain one.
public protocol PersonIdentifier: Sendable {
  func id(for key: PersonKey, tenant: String) -> PersonID
}

/// The default identifier: the first 64 bits of SHA-256 over the tenant and the key.
public struct HashedPersonIdentifier: PersonIdentifier {
  public init() {}

  public func id(for key: PersonKey, tenant: String) -> PersonID {
    let digest = SHA256.digest(Array("peoplesync-person\u{0}\(tenant)\u{0}\(key.canonical)".utf8))
    var value: UInt64 = 0
    for byte in digest.prefix(8) { value = value << 8 | UInt64(byte) }
    return PersonID(value)
  }
}
