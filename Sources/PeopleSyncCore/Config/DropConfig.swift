/// How long the tenant's SFTP drop folder keeps the reports it has picked up.
///
/// Files in `archive/` and `rejected/` are plain copies of the personal data a report holds,
/// outside git and outside the tenant's encryption: for an encrypted tenant they are kept a day
/// by default, and never more than a week, whatever is configured or asked on the command line.
public struct DropConfig: Equatable, Sendable {
  /// Days archived and rejected reports are kept (0: until the next pickup); nil: the default.
  public var retainDays: Int?

  /// The retention of an encrypted tenant that configures none.
  public static let encryptedDefaultRetainDays = 1
  /// The longest retention an encrypted tenant may have.
  public static let encryptedMaxRetainDays = 7

  /// The retention of a tenant's drop folder; nil keeps the default.
  public init(retainDays: Int? = nil) {
    self.retainDays = retainDays
  }
}

extension TenantConfig {
  /// The days archived and rejected reports are kept: `override` (the operator's `--retain-days`),
  /// else the configured `drop.retainDays`, else one day for an encrypted tenant and the quarantine
  /// period for a plain one; for an encrypted tenant never more than `encryptedMaxRetainDays`.
  public func dropRetentionDays(override: Int? = nil) -> Int {
    guard encryption.enabled else { return override ?? drop.retainDays ?? quarantineDays }
    return min(override ?? drop.retainDays ?? DropConfig.encryptedDefaultRetainDays, DropConfig.encryptedMaxRetainDays)
  }
}
