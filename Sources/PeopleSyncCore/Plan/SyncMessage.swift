/// The commit message of a sync: a summary subject, the changes, and trailers to replay it.
public enum SyncMessage {
  /// Trailer keys, shared by the writer and the reader.
  public enum Key {
    /// The tenant the commit synced.
    public static let tenant = "PeopleSync-Tenant"
    /// The as-of date the sync planned for.
    public static let asOf = "PeopleSync-As-Of"
    /// The blob id of the `tenant.json` it read.
    public static let config = "PeopleSync-Config"
    /// One per source: the source's name and the blob id of the snapshot it read.
    public static let snapshot = "PeopleSync-Snapshot"
    /// Present when the sync overrode the safeguard (`--override-safeguard`).
    public static let override = "PeopleSync-Override"
    /// The version of PeopleSync that made the commit.
    public static let version = "PeopleSync-Version"
    /// On an ingest: the source whose snapshot the commit adds.
    public static let source = "PeopleSync-Source"
    /// On an ingest from an SFTP drop: the report's file name, which carries its date.
    public static let dropReport = "PeopleSync-Drop-Report"
    /// On a sync planned at an earlier commit than its parent (`serve` plans while it commits
    /// writes): that commit. Its parent differs from it only outside the tenant's directory.
    public static let plannedOn = "PeopleSync-Planned-On"
    /// Deprovisions the safeguard held back: how many, then each person's id.
    public static let heldCount = "PeopleSync-Held-Count"
    /// One per deprovision held back: the person's id.
    public static let held = "PeopleSync-Held"
  }

  /// The most change lines a message lists; `peoplesync diff` shows the rest.
  public static let maxListedChanges = 500

  /// The inputs a sync read, recorded so it can be replayed.
  public struct Inputs: Equatable, Sendable {
    /// The blob id of the `tenant.json` read.
    public var configBlob: String
    /// Source name and snapshot blob id, in configuration order.
    public var snapshots: [(name: String, blob: String)]

    /// The inputs read: the configuration's blob and each source's snapshot blob.
    public init(configBlob: String, snapshots: [(name: String, blob: String)]) {
      self.configBlob = configBlob
      self.snapshots = snapshots
    }

    /// Equal when they name the same blobs for the same sources, in the same order.
    public static func == (lhs: Inputs, rhs: Inputs) -> Bool {
      lhs.configBlob == rhs.configBlob && lhs.snapshots.map(\.name) == rhs.snapshots.map(\.name)
        && lhs.snapshots.map(\.blob) == rhs.snapshots.map(\.blob)
    }
  }

  /// The full message for applying `plan`.
  /// With `personalData` false (an encrypted tenant) the changes are listed by person id and
  /// field name only: commit messages are not encrypted.
  public static func make(
    plan: TenantPlan, inputs: Inputs, version: String, override: String?, personalData: Bool = true, plannedOn: String? = nil
  ) -> String {
    var lines = ["sync \(plan.tenant): \(plan.summaryLine)", ""]
    let shown = Array(plan.changes.prefix(maxListedChanges))
    let listed = personalData ? PlanRenderer.changeLines(shown, indent: "") : PlanRenderer.pseudonymousLines(shown)
    lines += listed
    if plan.changes.count > maxListedChanges {
      lines.append("… and \(plan.changes.count - maxListedChanges) more changes (peoplesync diff lists them all)")
    }
    if !plan.groupChanges.isEmpty {
      lines.append("")
      lines += plan.groupChanges.map { "\($0.kind == .create ? "+" : $0.kind == .delete ? "-" : "~") group \($0.summary)" }
    }
    if !plan.rejectedRows.isEmpty {
      lines.append("")
      lines.append("\(RenderText.plural(plan.rejectedRows.count, "rejected row")) left the people they name unchanged.")
    }
    let held = Array(plan.held.prefix(maxListedChanges))
    if !held.isEmpty {
      lines.append("")
      lines.append("Held by the safeguard (\(plan.safeguard.explanation)), left as they are:")
      lines += personalData ? PlanRenderer.changeLines(held, indent: "") : PlanRenderer.pseudonymousLines(held)
      if plan.held.count > maxListedChanges { lines.append("… and \(plan.held.count - maxListedChanges) more") }
    }
    lines.append("")
    lines.append("\(Key.tenant): \(plan.tenant)")
    lines.append("\(Key.asOf): \(plan.asOf)")
    lines.append("\(Key.config): \(inputs.configBlob)")
    for snapshot in inputs.snapshots { lines.append("\(Key.snapshot): \(snapshot.name) \(snapshot.blob)") }
    if let override { lines.append("\(Key.override): \(override)") }
    if let plannedOn { lines.append("\(Key.plannedOn): \(plannedOn)") }
    if !plan.held.isEmpty {
      lines.append("\(Key.heldCount): \(plan.held.count)")
      for change in held { lines.append("\(Key.held): \(change.id)") }
    }
    lines.append("\(Key.version): \(version)")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The trailers of a message: the `Key: value` lines of its last paragraph, in order.
  public static func trailers(_ message: String) -> [(key: String, value: String)] {
    let paragraphs = message.trimmingTrailingNewlines().components(separatedBy: "\n\n")
    guard let last = paragraphs.last, paragraphs.count > 1 else { return [] }
    var result: [(String, String)] = []
    for line in last.split(separator: "\n") {
      guard let colon = line.firstIndex(of: ":") else { return [] }
      let key = line[..<colon]
      guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else { return [] }
      result.append((String(key), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
    }
    return result
  }

  /// What a sync commit recorded, or nil when the message is not a sync's.
  public struct Recorded: Sendable {
    /// The tenant synced.
    public var tenant: String
    /// The as-of date the sync planned for.
    public var asOf: Day
    /// The blobs the sync read.
    public var inputs: Inputs
    /// The override trailer's value, when the safeguard was overridden.
    public var override: String?
    /// The tool version that made it.
    public var version: String?
    /// The commit it was planned at, when not its parent.
    public var plannedOn: String?
  }

  /// What the sync commit with this message recorded; nil when the message lacks a sync's trailers.
  public static func recorded(_ message: String) -> Recorded? {
    let list = trailers(message)
    func value(_ key: String) -> String? { list.first { $0.key == key }?.value }
    guard let tenant = value(Key.tenant), let asOfText = value(Key.asOf), let asOf = Day(asOfText), let config = value(Key.config) else {
      return nil
    }
    let snapshots = list.filter { $0.key == Key.snapshot }.compactMap { item -> (name: String, blob: String)? in
      let parts = item.value.split(separator: " ")
      return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
    }
    return Recorded(
      tenant: tenant, asOf: asOf, inputs: Inputs(configBlob: config, snapshots: snapshots), override: value(Key.override),
      version: value(Key.version), plannedOn: value(Key.plannedOn))
  }
}

extension String {
  func trimmingTrailingNewlines() -> String {
    var text = self
    while text.hasSuffix("\n") { text.removeLast() }
    return text
  }
}
