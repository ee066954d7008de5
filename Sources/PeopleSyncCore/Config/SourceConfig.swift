/// One configured source of people.
public struct SourceConfig: Equatable, Sendable {
  /// Unique within the tenant; names the snapshot file.
  public var name: String
  /// Where the source's people come from, which decides how they are read.
  public var kind: SourceKind
  /// CSV reading options; present for `csv` sources.
  public var csv: CSVOptions?
  /// How a `workday` or `ukg` source is fetched and mapped; nil for the other kinds.
  public var api: APISource?
  /// The URLs as written (`reportUrl`, `baseUrl`).
  public var settings: JSONObject

  /// A source; a `csv` source without options reads with the defaults.
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
