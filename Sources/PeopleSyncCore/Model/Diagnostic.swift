/// One problem found in an input, with where it is.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
  /// An error stops what it concerns (a file, a row, a tenant); a warning is worth a look.
  public enum Severity: String, Sendable, Comparable {
    case error
    case warning

    /// Errors sort before warnings.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
  }

  /// Error or warning.
  public var severity: Severity
  /// A stable identifier of the kind of problem, for tools (`csv.missing-column`).
  public var code: String
  /// The file in the state repository (`tenants/acme/sources/hr.csv`).
  public var file: String
  /// The 1-based line, for CSV files.
  public var line: Int?
  /// Where in a JSON document (`$.sources[0].kind`), for configuration.
  public var jsonPath: String?
  /// The column or field concerned.
  public var field: String?
  /// What is wrong and, where it helps, what to do about it.
  public var message: String

  /// A problem of `severity` with its `code`, located in `file` by whichever of line, JSON path and field apply.
  public init(
    _ severity: Severity, _ code: String, file: String, line: Int? = nil, jsonPath: String? = nil,
    field: String? = nil, message: String
  ) {
    self.severity = severity
    self.code = code
    self.file = file
    self.line = line
    self.jsonPath = jsonPath
    self.field = field
    self.message = message
  }

  /// `file:line: field: message`, as compilers print.
  public var location: String {
    var text = file
    if let line { text += ":\(line)" }
    if let jsonPath { text += ": \(jsonPath)" }
    return text
  }

  /// `file:line: error: field: message`, the form compilers print.
  public var description: String {
    var text = "\(location): \(severity.rawValue): "
    if let field { text += "\(field): " }
    return text + message
  }

  /// Orders diagnostics by file, line, path, then text, so reports are deterministic.
  public static func sorted(_ items: [Diagnostic]) -> [Diagnostic] {
    items.sorted {
      ($0.file, $0.line ?? 0, $0.jsonPath ?? "", $0.severity.rawValue, $0.message)
        < ($1.file, $1.line ?? 0, $1.jsonPath ?? "", $1.severity.rawValue, $1.message)
    }
  }
}

extension Array where Element == Diagnostic {
  /// True when any diagnostic is an error.
  public var hasErrors: Bool { contains { $0.severity == .error } }
  /// The errors, in their order.
  public var errors: [Diagnostic] { filter { $0.severity == .error } }
  /// The warnings, in their order.
  public var warnings: [Diagnostic] { filter { $0.severity == .warning } }
}
