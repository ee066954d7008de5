/// The plain-text reports a pickup leaves beside a file in the customer's SFTP folder, written for the
/// person at the customer who uploads the file: what happened, what stays in force, what to fix.
public enum DropReport {
  /// The name of the report beside `file`.
  public static func name(for file: String) -> String { file + ".report.txt" }

  /// A report that could not be read as a whole; nothing of it was used.
  public static func rejected(file: String, tenant: String, received: String, diagnostics: [Diagnostic]) -> String {
    var text = """
      PeopleSync did not ingest \(file) for \(tenant) (picked up \(received)).
      The employee data received before stays in force. Fix the problems below and upload the file again.


      """
    text += problemLines(file: file, diagnostics.filter { $0.severity == .error }).joined(separator: "\n") + "\n"
    return text
  }

  /// A report the pickup will never ingest, and why.
  public static func refused(file: String, tenant: String, received: String, reason: String) -> String {
    """
    PeopleSync did not ingest \(file) for \(tenant) (picked up \(received)):
    \(reason).
    Nothing in it was used. To send newer data, upload a new file named \(DropSelection.pattern).

    """
  }

  /// A report that was ingested: how many rows were used, and each row left out with its problems.
  public static func accepted(file: String, tenant: String, received: String, snapshot: Snapshot, committed: Bool) -> String {
    var text = "PeopleSync ingested \(file) for \(tenant) (picked up \(received)).\n"
    text +=
      committed
      ? "It is the employee data in force from now on.\n"
      : "It holds exactly the data already in force, so nothing changed.\n"
    text += "\(snapshot.rowCount) rows: \(snapshot.records.count) used, \(snapshot.rejected.count) left out.\n"
    if !snapshot.rejected.isEmpty {
      text += """

        Rows left out change nothing: the people they describe stay as they were until a later file
        describes them correctly. Problems:


        """
      text += problemLines(file: file, snapshot.diagnostics.filter { $0.severity == .error }).joined(separator: "\n") + "\n"
    }
    return text
  }

  /// `people_report_2026-11-29.csv, line 3, column Email: ...`: file, line and problem on one line each.
  static func problemLines(file: String, _ diagnostics: [Diagnostic]) -> [String] {
    Diagnostic.sorted(diagnostics).map { item in
      var text = file
      if let line = item.line { text += ", line \(line)" }
      if let field = item.field { text += ", column \(field)" }
      return text + ": " + item.message
    }
  }
}
