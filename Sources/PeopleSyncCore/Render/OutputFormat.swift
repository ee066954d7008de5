/// How data is printed.
public enum OutputFormat: String, CaseIterable, Sendable {
  case text
  case json
  case markdown
}
