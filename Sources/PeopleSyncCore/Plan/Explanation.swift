/// Where each value of one person's entry comes from: the source file, line and column, the
/// rule that set it, or the warning that left it blank. Pure: computed from a plan's inputs.
public struct Explanation: Sendable {
  public struct Field: Sendable {
    public var name: String
    /// Nil: blank.
    public var value: String?
    public var origin: String
  }

  public var id: PersonID
  public var label: String
  public var employeeId: String?
  /// Where the person's record is (`tenants/acme/sources/hr.csv:12`), when a snapshot has one.
  public var record: String?
  /// Where the person stands, in words.
  public var status: String
  public var fields: [Field]
  /// What the next sync would do to the entry, if anything.
  public var change: Change?
  /// The entry as committed.
  public var committed: DirectoryEntry?
  /// Rules that matched, dated events ahead, and other things worth knowing.
  public var notes: [String]
}
