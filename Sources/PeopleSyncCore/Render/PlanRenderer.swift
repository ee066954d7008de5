/// Renders plans as text for people, JSON for tools and Markdown for pull-request comments.
public enum PlanRenderer {
  /// Renders the plans of several tenants in one document.
  public static func render(_ plans: [TenantPlan], format: OutputFormat) -> String {
    switch format {
    case .text: return plans.map(text).joined(separator: "\n")
    case .json: return JSONWriter.pretty(json(plans))
    case .markdown: return plans.map(markdown).joined(separator: "\n")
    }
  }

  /// The one-line status of a plan: what it would do, or why it cannot.
  public static func headline(_ plan: TenantPlan) -> String {
    if !plan.blockingErrors.isEmpty { return "cannot sync: \(RenderText.plural(plan.blockingErrors.count, "error")) in the inputs" }
    var parts = Change.Kind.allCases.compactMap { kind in
      let count = plan.counts[kind]!
      return count > 0 ? "\(count) to \(kind.rawValue)" : nil
    }
    if !plan.groupChanges.isEmpty { parts.append(RenderText.plural(plan.groupChanges.count, "group") + " to change") }
    var line = plan.isEmpty ? "no changes" : parts.joined(separator: ", ")
    if !plan.held.isEmpty {
      line += " — the safeguard holds \(RenderText.plural(plan.held.count, "deprovision")) back: \(plan.safeguard.explanation)"
    } else if plan.safeguard.isTripped {
      line += " — over the safeguard's limit, overridden: \(plan.safeguard.explanation)"
    }
    return line
  }

  /// What the safeguard holds back and why, for text output; nothing when it holds nothing.
  public static func heldLines(_ plan: TenantPlan, indent: String = "  ") -> [String] {
    guard !plan.held.isEmpty else { return [] }
    var lines = [
      "\(indent)held by the safeguard (\(plan.safeguard.explanation)); a complete snapshot releases them, --override-safeguard applies them:"
    ]
    lines += changeLines(Array(plan.held.prefix(SyncMessage.maxListedChanges)), indent: indent + "  ")
    if plan.held.count > SyncMessage.maxListedChanges {
      lines.append("\(indent)  … and \(plan.held.count - SyncMessage.maxListedChanges) more (--format json lists all)")
    }
    return lines
  }

  // MARK: text

  /// A plan for people: its headline, then errors, changes, groups, what is scheduled, rejected rows and warnings.
  public static func text(_ plan: TenantPlan) -> String {
    var lines = ["\(plan.tenant) (\(plan.displayName)) as of \(plan.asOf): \(headline(plan))"]
    for error in plan.blockingErrors { lines.append("  error: \(error)") }
    lines += changeLines(plan.changes)
    lines += heldLines(plan)
    lines += groupLines(plan.groupChanges)
    if plan.skippedExcluded > 0 {
      lines.append("  (\(RenderText.plural(plan.skippedExcluded, "person", "people")) excluded by rules: not added)")
    }
    if plan.skippedTerminated > 0 {
      lines.append(
        "  (\(RenderText.plural(plan.skippedTerminated, "person", "people")) in the feed left before being provisioned: not added)")
    }
    if !plan.scheduled.isEmpty {
      lines.append("  scheduled:")
      for event in plan.scheduled.prefix(50) { lines.append("    \(event.date)  \(event.kind.rawValue)  \(event.label)") }
      if plan.scheduled.count > 50 { lines.append("    … and \(plan.scheduled.count - 50) more (--format json lists all)") }
    }
    if !plan.rejectedRows.isEmpty {
      lines.append("  rejected rows (\(plan.rejectedRows.count); the people they name are left unchanged):")
      for row in plan.rejectedRows { for problem in row.problems { lines.append("    \(problem)") } }
    }
    if !plan.warnings.isEmpty {
      lines.append("  warnings:")
      for warning in plan.warnings { lines.append("    \(warning)") }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// One line per change naming nothing personal: the person id, the kind, the fields that changed.
  public static func pseudonymousLines(_ changes: [Change]) -> [String] {
    changes.map { change in
      var line = "\(change.kind.symbol) \(change.kind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0))\(change.id)"
      if change.kind == .update || change.kind == .reactivate {
        let names = change.fields.map(\.field).filter { $0 != "status" }.map { $0.hasPrefix("custom.") ? "custom" : $0 }
        var unique: [String] = []
        for name in names where !unique.contains(name) { unique.append(name) }
        if !unique.isEmpty { line += " (\(unique.joined(separator: ", ")))" }
      }
      if change.kind == .deprovision, let reason = change.after.deprovisionReason { line += ": \(reason.rawValue)" }
      return line
    }
  }

  /// One line per group change, with who joins and who leaves (the first `limit` of each).
  public static func groupLines(_ changes: [GroupChange], indent: String = "  ", limit: Int = 20) -> [String] {
    var lines: [String] = []
    for change in changes {
      let symbol = change.kind == .create ? "+" : change.kind == .delete ? "-" : "~"
      lines.append("\(indent)\(symbol) group       \(change.summary)")
      for (sign, list) in [("+", change.joined), ("-", change.left)] {
        for member in list.prefix(limit) { lines.append("\(indent)    \(sign) \(member.label)") }
        if list.count > limit { lines.append("\(indent)    \(sign) … and \(list.count - limit) more") }
      }
    }
    return lines
  }

  /// One line per change, field changes indented under updates.
  public static func changeLines(_ changes: [Change], indent: String = "  ") -> [String] {
    var lines: [String] = []
    for change in changes {
      var line =
        "\(indent)\(change.kind.symbol) \(change.kind.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0))\(RenderText.changeLabel(change))"
      if change.kind == .provision, let name = change.after.person?.fullName { line += "  \(name)" }
      if let reason = change.reason { line += ": \(reason)" }
      lines.append(line)
      if change.kind == .update || change.kind == .reactivate {
        for field in change.fields where field.field != "status" {
          lines.append("\(indent)    \(field.field): \(RenderText.value(field.old)) → \(RenderText.value(field.new))")
        }
      }
    }
    return lines
  }

  // MARK: JSON

  /// The plans of several tenants, with a summary counting every tenant's changes by kind.
  public static func json(_ plans: [TenantPlan]) -> JSONValue {
    var total = JSONObject()
    for kind in Change.Kind.allCases { total[kind.rawValue] = .int(plans.reduce(0) { $0 + $1.counts[kind]! }) }
    total["total"] = .int(plans.reduce(0) { $0 + $1.changes.count })
    return .object(JSONObject([("summary", .object(total)), ("tenants", .array(plans.map(json)))]))
  }

  /// One tenant's plan, with every change in full, for tools.
  public static func json(_ plan: TenantPlan) -> JSONValue {
    var object = JSONObject()
    object["tenant"] = .string(plan.tenant)
    object["displayName"] = .string(plan.displayName)
    object["asOf"] = .string(plan.asOf.description)
    object["status"] = .string(!plan.blockingErrors.isEmpty ? "blocked" : !plan.held.isEmpty ? "safeguard" : "ok")
    var summary = ChangeJSON.summary(plan.changes)
    summary["rejectedRows"] = .int(plan.rejectedRows.count)
    summary["warnings"] = .int(plan.warnings.count)
    summary["skippedTerminated"] = .int(plan.skippedTerminated)
    summary["skippedExcluded"] = .int(plan.skippedExcluded)
    summary["groups"] = .int(plan.groupChanges.count)
    summary["activeBefore"] = .int(plan.safeguard.activeBefore)
    summary["activeAfter"] = .int(plan.activeAfter)
    object["summary"] = .object(summary)
    object["safeguard"] = .object(
      JSONObject([
        ("activeBefore", .int(plan.safeguard.activeBefore)), ("deprovisions", .int(plan.safeguard.deprovisions)),
        ("limit", .int(plan.safeguard.limit)), ("tripped", .bool(plan.safeguard.isTripped)),
        ("overridden", .bool(plan.safeguard.overridden)), ("explanation", .string(plan.safeguard.explanation)),
        ("held", .array(plan.held.map(ChangeJSON.change))),
      ]))
    object["changes"] = .array(plan.changes.map(ChangeJSON.change))
    object["groups"] = .array(plan.groupChanges.map(ChangeJSON.group))
    object["errors"] = .array(plan.blockingErrors.map(ChangeJSON.diagnostic))
    object["rejectedRows"] = .array(
      plan.rejectedRows.map { row in
        .object(
          JSONObject([
            ("source", .string(row.source)), ("line", .int(row.line)), ("problems", .array(row.problems.map(ChangeJSON.diagnostic))),
          ]))
      })
    object["warnings"] = .array(plan.warnings.map(ChangeJSON.diagnostic))
    object["scheduled"] = .array(
      plan.scheduled.map { event in
        .object(
          JSONObject([
            ("kind", .string(event.kind.rawValue)), ("date", .string(event.date.description)), ("id", .string(event.id.hex)),
            ("email", .string(event.label)),
          ]))
      })
    return .object(object)
  }

  // MARK: Markdown

  /// One tenant's plan as a Markdown section for a pull-request comment.
  public static func markdown(_ plan: TenantPlan) -> String {
    var out = "### \(plan.displayName) (`\(plan.tenant)`), as of \(plan.asOf)\n\n"
    if !plan.blockingErrors.isEmpty {
      out += "**Cannot sync**: the inputs have errors.\n\n"
      for error in plan.blockingErrors { out += "- `\(error.location)`: \(RenderText.cell(error.message))\n" }
      return out + "\n"
    }
    if !plan.held.isEmpty {
      out += "> **The safeguard holds \(RenderText.plural(plan.held.count, "deprovision")) back**: \(plan.safeguard.explanation). "
      out += "Everything else applies; a complete snapshot releases them, `--override-safeguard` applies them.\n\n"
    } else if plan.safeguard.isTripped {
      out += "> **Over the safeguard's limit, overridden**: \(plan.safeguard.explanation).\n\n"
    }
    out += ChangeMarkdown.table(plan.changes)
    if !plan.held.isEmpty {
      out += "\n#### Held by the safeguard (\(plan.held.count))\n\n| Email | Employee ID | Reason |\n|---|---|---|\n"
      for change in plan.held.prefix(SyncMessage.maxListedChanges) {
        out += "| \(RenderText.cell(change.label)) | \(RenderText.cell(change.employeeId)) | \(RenderText.cell(change.reason)) |\n"
      }
    }
    out += ChangeMarkdown.groups(plan.groupChanges)
    if plan.skippedExcluded > 0 {
      out += "\n\(RenderText.plural(plan.skippedExcluded, "person", "people")) excluded by rules: not added.\n"
    }
    if !plan.rejectedRows.isEmpty {
      out += "\n<details><summary>Rejected rows (\(plan.rejectedRows.count))</summary>\n\n| File | Line | Problem |\n|---|---:|---|\n"
      for row in plan.rejectedRows {
        for problem in row.problems {
          out += "| `\(problem.file)` | \(row.line) | \(RenderText.cell((problem.field.map { "\($0): " } ?? "") + problem.message)) |\n"
        }
      }
      out += "\n</details>\n"
    }
    if !plan.warnings.isEmpty {
      out += "\n<details><summary>Warnings (\(plan.warnings.count))</summary>\n\n"
      for warning in plan.warnings { out += "- `\(warning.location)`: \(RenderText.cell(warning.message))\n" }
      out += "\n</details>\n"
    }
    return out
  }
}
