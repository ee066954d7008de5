/// Small helpers shared by the renderers.
public enum RenderText {
  /// `1 error`, `2 errors`: the count with the word in the right number (`plural`, or `word` + "s").
  public static func plural(_ count: Int, _ word: String, _ plural: String? = nil) -> String {
    "\(count) \(count == 1 ? word : (plural ?? word + "s"))"
  }

  /// A value for a Markdown table cell: pipes escaped, line breaks flattened, a formula defused.
  static func cell(_ text: String?) -> String {
    guard let text, !text.isEmpty else { return "—" }
    return defused(text).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }

  /// A value in text output, a dash when absent, a formula defused.
  public static func value(_ text: String?) -> String {
    guard let text else { return "—" }
    return defused(text)
  }

  /// Values come from customers' files: one starting like a spreadsheet formula (`=`, `+`, `-`,
  /// `@`, a tab or a carriage return) is shown after an apostrophe, so a report pasted or opened in
  /// a spreadsheet shows it as text instead of running it (OWASP's advice for CSV injection).
  static func defused(_ text: String) -> String {
    guard let first = text.utf8.first,
      [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(first)
    else { return text }
    return "'" + text
  }

  static func changeLabel(_ change: Change) -> String {
    var label = change.label
    if let id = change.employeeId { label += " (\(id))" }
    return label
  }
}
