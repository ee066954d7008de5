/// Markdown tables of changes, shared by plans and diffs.
public enum ChangeMarkdown {
  /// Rule effects: who joins and who leaves each group.
  public static func groups(_ changes: [GroupChange], limit: Int = 50) -> String {
    guard !changes.isEmpty else { return "" }
    var out = "\n#### Rule effects: groups (\(changes.count))\n\n| Group | Change | Joined | Left |\n|---|---|---|---|\n"
    func list(_ members: [GroupChange.Member]) -> String {
      guard !members.isEmpty else { return "—" }
      var shown = members.prefix(limit).map { RenderText.cell($0.label) }.joined(separator: "<br>")
      if members.count > limit { shown += "<br>… and \(members.count - limit) more" }
      return "\(members.count): " + shown
    }
    for change in changes {
      out += "| `\(change.name)` | \(change.kind.rawValue) | \(list(change.joined)) | \(list(change.left)) |\n"
    }
    return out
  }

  /// One row counting the changes of each kind.
  public static func table(_ changes: [Change]) -> String {
    var out = "| Provision | Reactivate | Update | Deprovision | Purge |\n|---:|---:|---:|---:|---:|\n"
    out += "| " + Change.Kind.allCases.map { kind in String(changes.filter { $0.kind == kind }.count) }.joined(separator: " | ") + " |\n"
    for kind in Change.Kind.allCases {
      let group = changes.filter { $0.kind == kind }
      guard !group.isEmpty else { continue }
      out += "\n#### \(kind.title) (\(group.count))\n\n"
      switch kind {
      case .provision, .reactivate:
        out += "| Email | Employee ID | Name | Department | Title | Location | Manager |\n|---|---|---|---|---|---|---|\n"
        for change in group {
          let p = change.after.person
          out +=
            "| \(RenderText.cell(change.label)) | \(RenderText.cell(change.employeeId)) | \(RenderText.cell(p?.fullName)) | \(RenderText.cell(p?.department)) | \(RenderText.cell(p?.title)) | \(RenderText.cell(p?.location)) | \(RenderText.cell(p?.managerEmail)) |\n"
        }
      case .update:
        out += "| Email | Field | Before | After |\n|---|---|---|---|\n"
        for change in group {
          for field in change.fields {
            out += "| \(RenderText.cell(change.label)) | \(field.field) | \(RenderText.cell(field.old)) | \(RenderText.cell(field.new)) |\n"
          }
        }
      case .deprovision, .purge:
        out += "| Email | Employee ID | Reason |\n|---|---|---|\n"
        for change in group {
          out += "| \(RenderText.cell(change.label)) | \(RenderText.cell(change.employeeId)) | \(RenderText.cell(change.reason)) |\n"
        }
      }
    }
    return out
  }
}
