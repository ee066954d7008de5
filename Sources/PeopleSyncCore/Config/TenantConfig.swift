/// A tenant's configuration, read from `tenants/<id>/tenant.json`.
public struct TenantConfig: Equatable, Sendable {
  /// The tenant's folder name.
  public var id: String
  public var displayName: String
  /// An IANA time zone; "today" and termination dates are judged in it.
  public var timeZone: String
  /// The location names the directory accepts, in their configured spelling.
  public var locations: [String]
  /// Days between deprovisioning and anonymisation.
  public var quarantineDays: Int
  /// How many days before the hire date a new person is provisioned (0: on the day).
  public var provisionDaysBeforeHire: Int
  public var safeguard: SafeguardConfig
  /// The custom columns kept in the directory, by name.
  public var customFields: [String]
  public var sources: [SourceConfig]
  public var encryption: EncryptionConfig
  /// The SFTP drop folder's retention.
  public var drop: DropConfig
  /// Automated rules, in the order they run.
  public var rules: [Rule]

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
  public var configPath: String { "\(folder)/tenant.json" }
}

/// How the tenant's personal data is stored.
public struct EncryptionConfig: Equatable, Sendable {
  /// Snapshots and directory entries sealed with keys kept outside git (on unless turned off).
  public var enabled: Bool
  /// Days a replaced snapshot's key is kept, so recent syncs can be replayed; nil: the default.
  public var snapshotKeyRetentionDays: Int?

  public init(enabled: Bool = true, snapshotKeyRetentionDays: Int? = nil) {
    self.enabled = enabled
    self.snapshotKeyRetentionDays = snapshotKeyRetentionDays
  }

  /// The replay window in effect: the quarantine unless configured (never less). Longer keeps
  /// a purged person readable in replaced snapshots until their keys expire.
  public func retentionDays(quarantine: Int) -> Int { snapshotKeyRetentionDays ?? quarantine }
}

/// Limits on how much one sync may deprovision.
public struct SafeguardConfig: Equatable, Sendable {
  /// The share of currently active people one sync may deprovision.
  public var maxDeprovisionPercent: Double
  /// Deprovisions always allowed, so that small tenants can still lose someone.
  public var minDeprovisionAllowed: Int

  public init(maxDeprovisionPercent: Double = 10, minDeprovisionAllowed: Int = 1) {
    self.maxDeprovisionPercent = maxDeprovisionPercent
    self.minDeprovisionAllowed = minDeprovisionAllowed
  }

  /// How many deprovisions a sync may make when `active` people are active.
  public func limit(active: Int) -> Int {
    max(Int((Double(active) * maxDeprovisionPercent / 100).rounded(.down)), minDeprovisionAllowed)
  }
}

/// Where a source's people come from.
public enum SourceKind: String, CaseIterable, Sendable {
  case csv
  case workday
  case ukg
  case scim

  /// Full sources send everyone each time, so absence means departure; SCIM pushes do not.
  public var isFullSnapshot: Bool { self != .scim }
}

/// One configured source of people.
public struct SourceConfig: Equatable, Sendable {
  /// Unique within the tenant; names the snapshot file.
  public var name: String
  public var kind: SourceKind
  /// CSV reading options; present for `csv` sources.
  public var csv: CSVOptions?
  /// How a `workday` or `ukg` source is fetched and mapped; nil for the other kinds.
  public var api: APISource?
  /// The URLs as written (`reportUrl`, `baseUrl`).
  public var settings: JSONObject

  public init(name: String, kind: SourceKind, csv: CSVOptions? = nil, api: APISource? = nil, settings: JSONObject = JSONObject()) {
    self.name = name
    self.kind = kind
    self.csv = csv ?? (kind == .csv ? CSVOptions() : nil)
    self.api = api
    self.settings = settings
  }

  /// The snapshot's path inside the tenant folder. A fetched snapshot is written in the CSV
  /// layout with the original header names, one worker a line, so it reads and diffs like a dropped one.
  public func snapshotPath(tenant: String) -> String {
    "tenants/\(tenant)/sources/\(name).csv"
  }
}

/// How a CSV source is read.
public struct CSVOptions: Equatable, Sendable {
  public enum Delimiter: String, CaseIterable, Sendable {
    case auto, comma, semicolon, tab

    var byte: UInt8? {
      switch self {
      case .auto: nil
      case .comma: UInt8(ascii: ",")
      case .semicolon: UInt8(ascii: ";")
      case .tab: 0x09
      }
    }
  }

  public enum Quoting: String, CaseIterable, Sendable {
    /// RFC 4180 (`""` inside quotes), falling back to backslash escapes when that fails.
    case auto
    case rfc4180
    /// The original product's variant: every value quoted, `\"` and `\\` escapes.
    case backslash
  }

  /// Column header per standard field; missing entries use the original header names.
  public var columns: [StandardField: String]
  /// Column header per custom field; missing entries use the field's own name.
  public var customColumns: [String: String]
  public var delimiter: Delimiter
  public var quoting: Quoting

  public init(
    columns: [StandardField: String] = [:], customColumns: [String: String] = [:], delimiter: Delimiter = .auto, quoting: Quoting = .auto
  ) {
    self.columns = columns
    self.customColumns = customColumns
    self.delimiter = delimiter
    self.quoting = quoting
  }

  /// The header that holds `field`.
  public func column(for field: StandardField) -> String { columns[field] ?? field.defaultColumn }
}
