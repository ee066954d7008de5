/// A pull-request preview: what merging one revision into another does to the directory.
public enum PreviewRenderer {
  /// The preview in `format`: the plans of merging `head` into `base`, and which inputs changed.
  public static func render(
    _ plans: [TenantPlan], format: OutputFormat, base: String, head: String, baseID: String, headID: String, tree: String,
    inputChanges: [String: [String]], masked: Bool
  ) -> String {
    let note = masked ? "Personal data is masked (`--show-personal-data` shows it)." : "Personal data is shown."
    switch format {
    case .json:
      var root = PlanRenderer.json(plans).objectValue ?? JSONObject()
      root["base"] = .string(base)
      root["head"] = .string(head)
      root["mergedTree"] = .string(tree)
      root["personalDataMasked"] = .bool(masked)
      root["inputChanges"] = .object(
        JSONObject(inputChanges.sorted { $0.key < $1.key }.map { ($0.key, .array($0.value.map(JSONValue.string))) }))
      return JSONWriter.pretty(.object(root))
    case .markdown:
      var out = "## PeopleSync preview: merging `\(head)` (\(headID)) into `\(base)` (\(baseID))\n\n"
      let changing = plans.filter { !$0.isEmpty || !$0.blockingErrors.isEmpty || !$0.held.isEmpty || $0.safeguard.isTripped }
      out +=
        changing.isEmpty
        ? "Merging changes nothing in the directory.\n\n" : "| Tenant | After the merge, the next sync would |\n|---|---|\n"
      for plan in changing { out += "| `\(plan.tenant)` | \(RenderText.cell(PlanRenderer.headline(plan))) |\n" }
      if !changing.isEmpty { out += "\n" }
      for plan in plans where !plan.isEmpty || !plan.blockingErrors.isEmpty || !(inputChanges[plan.tenant] ?? []).isEmpty {
        out += PlanRenderer.markdown(plan)
        if let files = inputChanges[plan.tenant], !files.isEmpty {
          out += "\nChanged by this pull request: " + files.map { "`\($0)`" }.joined(separator: ", ") + "\n"
        }
        out += "\n"
      }
      return out + "<sub>\(note) Computed with the planner `peoplesync sync` uses; the tree is the one `git merge` produces.</sub>\n"
    case .text:
      var out = "preview: merging \(head) (\(headID)) into \(base) (\(baseID)); \(note.lowercased())\n"
      for plan in plans {
        out += PlanRenderer.text(plan)
        for file in inputChanges[plan.tenant] ?? [] { out += "  changed by the merge: \(file)\n" }
      }
      return out
    }
  }
}
