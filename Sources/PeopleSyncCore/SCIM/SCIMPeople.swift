/// The people a SCIM source pushed, as the planner reads them: required data only (name, email,
/// employee number, active), merged with the tenant's full sources.
///
/// The merge: a SCIM user who is also in a full source (same email, or same Employee ID as the
/// enterprise `employeeNumber`) takes every attribute from that source, and SCIM decides access:
/// `active: false` deprovisions at once, whatever the daily feed says. A user known only from SCIM
/// is provisioned from the SCIM data. Rules never run on SCIM-only people.
public enum SCIMPeople {
  /// What the merge gives the planner.
  public struct Result: Sendable {
    /// The SCIM-only people, as a snapshot of the SCIM source.
    public var snapshot: Snapshot
    /// Lower-cased emails of the people SCIM deactivated (in this snapshot or a full one).
    public var deactivated: Set<String>
  }

  static let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

  /// What the plan needs of one stored user: a few fields, small enough to keep between syncs.
  public struct Person: Equatable, Sendable {
    /// The user's file in the repository.
    public var path: String
    /// False when the stored file is not a JSON object.
    public var readable: Bool
    /// The work email: the primary email, else the first, else `userName`; the first that is a valid email.
    public var email: String?
    /// The name to provision with.
    public var fullName: String?
    /// The enterprise extension's `employeeNumber`, matched against Employee IDs.
    public var employeeNumber: String?
    /// The user's `title`.
    public var title: String?
    /// False when the client deactivated the user; a user without `active` is active.
    public var active: Bool

    /// What the plan needs of the user stored at `path`.
    public init(path: String, resource: JSONValue) {
      self.path = path
      let object = resource.objectValue
      readable = object != nil
      email = object.flatMap(SCIMPeople.email(of:))
      fullName = object.flatMap(SCIMPeople.fullName(of:))
      employeeNumber = object?[SCIMPeople.enterprise]?.objectValue?["employeeNumber"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
      title = object?["title"]?.stringValue
      active = object?["active"]?.boolValue ?? true
    }
  }

  /// `users`: each stored user resource with its path in the repository, in path order.
  /// `customFields`: the tenant's kept custom fields, blank for SCIM people (SCIM carries required data only).
  public static func merge(
    users: [(path: String, resource: JSONValue)], source: SourceConfig, customFields: [String] = [], folder: String,
    fullSnapshots: [Snapshot]
  ) -> Result {
    merge(
      people: users.map { Person(path: $0.path, resource: $0.resource) }, source: source, customFields: customFields, folder: folder,
      fullSnapshots: fullSnapshots)
  }

  /// The same, from people already read (kept between syncs).
  public static func merge(people: [Person], source: SourceConfig, customFields: [String] = [], folder: String, fullSnapshots: [Snapshot])
    -> Result
  {
    var emails: [String: String] = [:]
    var employeeIDs: [String: String] = [:]
    for snapshot in fullSnapshots {
      for record in snapshot.records {
        let email = FieldRules.asciiLowercased(record.email)
        emails[email] = email
        if let id = record.employeeId { employeeIDs[id] = email }
      }
    }
    let store = RecordStore(source: source.name, customNames: customFields)
    let blankCustom = [TextRange](repeating: .blank, count: customFields.count)
    var records: [EmployeeRecord] = []
    var rejected: [RejectedRow] = []
    var deactivated: Set<String> = []
    for (index, person) in people.enumerated() {
      guard person.readable else {
        let problem = Diagnostic(.error, "scim.unreadable", file: person.path, message: "the stored user is not a JSON object")
        rejected.append(RejectedRow(source: source.name, line: index + 1, keys: [], problems: [problem]))
        continue
      }
      guard let email = person.email else {
        let problem = Diagnostic(
          .error, "scim.email", file: person.path, field: "emails",
          message: "the user has no valid email (primary email, or a userName that is one)")
        rejected.append(RejectedRow(source: source.name, line: index + 1, keys: [], problems: [problem]))
        continue
      }
      let key = FieldRules.asciiLowercased(email)
      if let known = emails[key] ?? person.employeeNumber.flatMap({ employeeIDs[$0] }) {
        if !person.active { deactivated.insert(known) }
        continue
      }
      if !person.active { deactivated.insert(key) }
      let fields: [String?] = [person.fullName ?? email, email, person.employeeNumber, nil, person.title, nil, nil, nil, nil, nil]
      records.append(
        store.addRow(
          line: index + 1, fields: fields.map { $0.map(store.append) ?? .blank }, hire: nil, termination: nil, custom: blankCustom))
    }
    let diagnostics = rejected.flatMap(\.problems)
    let snapshot = Snapshot(
      source: source, file: folder, records: records, rejected: rejected, diagnostics: diagnostics, rowCount: people.count)
    return Result(snapshot: snapshot, deactivated: deactivated)
  }

  /// The primary email, else the first one, else the userName when it is an email.
  static func email(of user: JSONObject) -> String? {
    let emails = user["emails"]?.arrayValue?.compactMap(\.objectValue) ?? []
    let candidates = emails.filter { $0["primary"]?.boolValue == true } + emails + [JSONObject([("value", user["userName"] ?? .null)])]
    return candidates.compactMap { $0["value"]?.stringValue }.first(where: FieldRules.isValidEmail)
  }

  static func fullName(of user: JSONObject) -> String? {
    let name = user["name"]?.objectValue
    if let formatted = name?["formatted"]?.stringValue, !formatted.isEmpty { return formatted }
    if let display = user["displayName"]?.stringValue, !display.isEmpty { return display }
    let parts = [name?["givenName"]?.stringValue, name?["familyName"]?.stringValue].compactMap { $0 }.filter { !$0.isEmpty }
    return parts.isEmpty ? nil : parts.joined(separator: " ")
  }
}
