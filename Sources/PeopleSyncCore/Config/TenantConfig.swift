/// A tenant's configuration, read from `tenants/<id>/tenant.json`.
public struct TenantConfig: Equatable, Sendable {
  /// The tenant's folder name.
  public var id: String
  /// The tenant's name for people, in plans and reports.
  public var displayName: String
  /// An IANA time zone; "today" and termination dates are judged in it.
  public var timeZone: String
  /// The location names the directory accepts, in their configured spelling.
  public var locations: [String]
  /// Days between deprovisioning and anonymisation.
  public var quarantineDays: Int
  /// How many days before the hire date a new person is provisioned (0: on the day).
  public var provisionDaysBeforeHire: Int
  /// How many deprovisions one sync may make before the safeguard holds them back.
  public var safeguard: SafeguardConfig
  /// The custom columns kept in the directory, by name.
  public var customFields: [String]
  /// Where the tenant's people come from, in the order configured.
  public var sources: [SourceConfig]
  /// Whether personal data is stored sealed, and how long replaced snapshots stay readable.
  public var encryption: EncryptionConfig
  /// The SFTP drop folder's retention.
  public var drop: DropConfig
  /// Automated rules, in the order they run.
  public var rules: [Rule]

  /// A configuration as the reader builds it; what is not given takes its default.
  public init(
    id: String, displayName: String, timeZone: String, locations: [String] = [], quarantineDays: Int = 7,
    provisionDaysBeforeHire: Int = 0, safeguard: SafeguardConfig = SafeguardConfig(), customFields: [String] = [],
    sources: [SourceConfig], encryption: EncryptionConfig = EncryptionConfig(), drop: DropConfig = DropConfig(), rules: [Rule] = []
  ) {
    self.rules = rules
    self.drop = drop
    self.encryption = encryption
    self.id = id
    self.displayName = displayName
    self.timeZone = timeZone
    self.locations = locations
    self.quarantineDays = quarantineDays
    self.provisionDaysBeforeHire = provisionDaysBeforeHire
    self.safeguard = safeguard
    self.customFields = customFields
    self.sources = sources
  }

  /// The name `source` gives `field` (its CSV header), for messages.
  public func columnName(_ field: StandardField, source: String) -> String {
    sources.first { $0.name == source }?.csv?.column(for: field) ?? field.defaultColumn
  }

  /// The repository path of this tenant's folder.
  public var folder: String { "tenants/\(id)" }
  /// The repository path of the tenant's `tenant.json`.
  public var configPath: String { "\(folder)/tenant.json" }
}
