/// Where each value of one person's entry comes from: the source file, line and column, the
/// rule that set it, or the warning that left it blank. Pure: computed from a plan's inputs.
public struct Explanation: Sendable {
  /// One field of the entry, with its value and where that value comes from.
  public struct Field: Sendable {
    /// The field's name as the entry file writes it.
    public var name: String
    /// Nil: blank.
    public var value: String?
    /// Where the value comes from: a file position, a rule, or why it is blank.
    public var origin: String
  }

  /// The person's id.
  public var id: PersonID
  /// The person's email, or their id once nothing else is known.
  public var label: String
  /// The person's Employee ID, when known.
  public var employeeId: String?
  /// Where the person's record is (`tenants/acme/sources/hr.csv:12`), when a snapshot has one.
  public var record: String?
  /// Where the person stands, in words.
  public var status: String
  /// The entry's fields, in the directory's order.
  public var fields: [Field]
  /// What the next sync would do to the entry, if anything.
  public var change: Change?
  /// The entry as committed.
  public var committed: DirectoryEntry?
  /// Rules that matched, dated events ahead, and other things worth knowing.
  public var notes: [String]
}
