/// A source snapshot turned into records, with everything wrong in it.
public struct Snapshot: Sendable {
  /// The source the snapshot is of.
  public var source: SourceConfig
  /// The snapshot's path in the state repository.
  public var file: String
  /// The valid rows, in file order.
  public var records: [EmployeeRecord]
  /// The rows refused, by line.
  public var rejected: [RejectedRow]
  /// File-level errors and warnings, and every row problem.
  public var diagnostics: [Diagnostic]
  /// Data rows in the file, valid or not.
  public var rowCount: Int

  /// False when the file as a whole could not be read: it must not change the directory.
  public var isUsable: Bool { !fileLevelError }
  /// Emails → positions in `records`, kept from the duplicate check so later phases need not build it again.
  var emailIndex: EmailIndex?
  /// Set when the file as a whole is unreadable (encoding, quoting, header).
  public internal(set) var fileLevelError = false
}
