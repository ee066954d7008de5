/// Where each value of one person's entry comes from: the source file, line and column, the
/// rule that set it, or the warning that left it blank. Pure: computed from a plan's inputs.
package struct Explanation: Sendable {
  /// One field of the entry, with its value and where that value comes from.
  package struct Field: Sendable {
    /// The field's name as the entry file writes it.
    package var name: String
    /// Nil: blank.
    package var value: String?
    /// Where the value comes from: a file position, a rule, or why it is blank.
    package var origin: String
  }

  /// The person's id.
  package var id: PersonID
  /// The person's email, or their id once nothing else is known.
  package var label: String
  /// The person's Employee ID, when known.
  package var employeeId: String?
  /// Where the person's record is (`tenants/acme/sources/hr.csv:12`), when a snapshot has one.
  package var record: String?
  /// Where the person stands, in words.
  package var status: String
  /// The entry's fields, in the directory's order.
  package var fields: [Field]
  /// What the next sync would do to the entry, if anything.
  package var change: Change?
  /// The entry as committed.
  package var committed: DirectoryEntry?
  /// Rules that matched, dated events ahead, and other things worth knowing.
  package var notes: [String]
}
