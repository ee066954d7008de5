/// How data is printed.
public enum OutputFormat: String, CaseIterable, Sendable {
  case text
  case json
  case markdown
}

/// Small helpers shared by the renderers.
enum RenderText {
  static func plural(_ count: Int, _ word: String, _ plural: String? = nil) -> String {
    "\(count) \(count == 1 ? word : (plural ?? word + "s"))"
  }

  /// A value for a Markdown table cell: pipes escaped, line breaks flattened.
  static func cell(_ text: String?) -> String {
    guard let text, !text.isEmpty else { return "—" }
    return text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }

  /// A value in text output: quoted when it has spaces at its ends, a dash when blank.
  static func value(_ text: String?) -> String {
    guard let text else { return "—" }
    return text
  }

  static func changeLabel(_ change: Change) -> String {
    var label = change.label
    if let id = change.employeeId { label += " (\(id))" }
    return label
  }
}

extension Change.Kind {
  /// The marker in text output.
  var symbol: String {
    switch self {
    case .provision: "+"
    case .reactivate: "↺"
    case .update: "~"
    case .deprovision: "-"
    case .purge: "×"
    }
  }

  /// Heading word in Markdown.
  var title: String {
    switch self {
    case .provision: "Provision"
    case .reactivate: "Reactivate"
    case .update: "Update"
    case .deprovision: "Deprovision"
    case .purge: "Purge"
    }
  }
}
