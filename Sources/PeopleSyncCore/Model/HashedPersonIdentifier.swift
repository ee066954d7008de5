/// The default identifier: the first 64 bits of SHA-256 over the tenant and the key.
public struct HashedPersonIdentifier: PersonIdentifier {
  /// The plain identifier, for tenants whose ids are not keyed with a secret.
  public init() {}

  /// The first 64 bits of SHA-256 over a fixed prefix, the tenant and the key's canonical text.
  public func id(for key: PersonKey, tenant: String) -> PersonID {
    PersonID(SHA256.prefix64("peoplesync-person\u{0}\(tenant)\u{0}\(key.canonical)".utf8))
  }

  /// The same hash, fed the key's bytes directly.
  public func id(byEmployeeID: Bool, bytes: UnsafeBufferPointer<UInt8>, tenant: String) -> PersonID {
    let head = Array("peoplesync-person\u{0}\(tenant)\u{0}\(byEmployeeID ? "employee-id:" : "email:")".utf8)
    return head.withUnsafeBufferPointer { PersonID(SHA256.prefix64($0, bytes)) }
  }
}
