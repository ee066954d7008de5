/// How data is printed.
package enum OutputFormat: String, CaseIterable, Sendable {
  case text
  case json
  case markdown
}
