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
