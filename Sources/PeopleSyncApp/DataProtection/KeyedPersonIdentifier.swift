import PeopleSyncCore
import PeopleSyncCrypto

/// Person ids for an encrypted tenant: a keyed BLAKE2b of the key, so that without the
/// tenant's secret an id cannot be linked to an Employee ID by trying them all.
struct KeyedPersonIdentifier: PersonIdentifier {
  let secret: [UInt8]

  func id(for key: PersonKey, tenant: String) -> PersonID {
    let text = Array(key.canonical.utf8)
    return text.withUnsafeBytes { hash(prefix: [], $0) }
  }

  func id(byEmployeeID: Bool, bytes: UnsafeBufferPointer<UInt8>, tenant: String) -> PersonID {
    hash(prefix: byEmployeeID ? Self.employeeID : Self.email, UnsafeRawBufferPointer(bytes))
  }

  static let employeeID = Array("employee-id:".utf8)
  static let email = Array("email:".utf8)
  static let domain = Array("peoplesync-person\u{0}".utf8)

  private func hash(prefix: [UInt8], _ value: UnsafeRawBufferPointer) -> PersonID {
    let digest = Self.domain.withUnsafeBytes { domain in
      prefix.withUnsafeBytes { prefix in Crypto.keyedHash(key: secret, domain, prefix, value, length: 16) }
    }
    return PersonID(digest.prefix(8).reduce(0) { $0 << 8 | UInt64($1) })
  }
}
