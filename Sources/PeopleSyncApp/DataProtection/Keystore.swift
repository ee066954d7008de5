/// Where tenants' keys are kept, outside git. A KMS or Vault implements the same two calls.
package protocol Keystore: AnyObject, Sendable {
  /// The tenant's keys, or nil when the keystore has none for it.
  func load(_ tenant: String) throws -> TenantKeys?
  /// Persists the tenant's keys durably before anything that depends on them is committed.
  func save(_ keys: TenantKeys) throws
  /// Where the keys are, for messages.
  var location: String { get }
}
