/// A source snapshot turned into records, with everything wrong in it.
package struct Snapshot: Sendable {
  /// The source the snapshot is of.
  package var source: SourceConfig
  /// The snapshot's path in the state repository.
  package var file: String
  /// The valid rows, in file order.
  package var records: [EmployeeRecord]
  /// The rows refused, by line.
  package var rejected: [RejectedRow]
  /// File-level errors and warnings, and every row problem.
  package var diagnostics: [Diagnostic]
  /// Data rows in the file, valid or not.
  package var rowCount: Int

  /// False when the file as a whole could not be read: it must not change the directory.
  package var isUsable: Bool { !fileLevelError }
  /// Emails → positions in `records`, kept from the duplicate check so later phases need not build it again.
  var emailIndex: EmailIndex?
  /// Set when the file as a whole is unreadable (encoding, quoting, header).
  package internal(set) var fileLevelError = false
}
