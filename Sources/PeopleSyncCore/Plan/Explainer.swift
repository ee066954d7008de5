/// Answers "why does this person's entry look like this?": the `explain` command's logic, pure.
public enum Explainer {
  /// Explains the person `query` names (an email, an Employee ID or a person id), or nil when
  /// neither the snapshots nor the directory know them.
  public static func explain(
    _ query: String, plan: TenantPlan, input: PlanInput, current: some CurrentDirectory, identifier: any PersonIdentifier
  ) throws -> Explanation? {
    let config = input.config
    let records = input.snapshots.flatMap(\.records)
    let lowered = query.lowercased()
    // A person id, an email, or an Employee ID; the snapshot first, then the directory.
    let asID = lowered.utf8.count == 16 ? PersonID(hex: lowered) : nil
    let found =
      asID.map { id in records.firstIndex { identifier.id(for: $0.key, tenant: config.id) == id } }
      ?? records.firstIndex { $0.email == lowered || $0.employeeId == query }
    if let found {
      let id = identifier.id(for: records[found].key, tenant: config.id)
      return try explain(recordAt: found, records: records, id: id, plan: plan, input: input, current: current)
    }
    let candidates =
      asID.map { [$0] } ?? [
        identifier.id(for: .employeeID(query), tenant: config.id), identifier.id(for: .email(lowered), tenant: config.id),
      ]
    guard let id = candidates.first(where: current.contains) else { return nil }
    let committed = try current.entry(id)
    var explanation = Explanation(
      id: id, label: committed.label, employeeId: committed.person?.employeeId, record: nil, status: "", fields: [],
      change: plan.changes.first { $0.id == id }, committed: committed, notes: [])
    let sources = input.snapshots.map(\.source.name).joined(separator: ", ")
    switch committed.status {
    case .active: explanation.status = "active in the directory, but in no snapshot (\(sources))"
    case .deprovisioned:
      explanation.status =
        "deprovisioned on \(committed.deprovisionedOn?.description ?? "?") (\(committed.deprovisionReason?.rawValue ?? "?")); not in the \(sources) snapshot"
    case .purged: explanation.status = "purged: only the pseudonymous id is left"
    case .erased: explanation.status = "erased: the entry's key was destroyed at purge"
    }
    explanation.fields =
      committed.person.map { person in
        person.namedValues.map { Explanation.Field(name: $0.name, value: $0.value, origin: "as committed") }
      } ?? []
    explanation.notes += scheduled(plan, id)
    return explanation
  }

  static func scheduled(_ plan: TenantPlan, _ id: PersonID) -> [String] {
    plan.scheduled.filter { $0.id == id }.map { "scheduled: \($0.kind.rawValue) on \($0.date)" }
  }

  static func explain(
    recordAt index: Int, records: [EmployeeRecord], id: PersonID, plan: TenantPlan, input: PlanInput, current: some CurrentDirectory
  ) throws -> Explanation {
    let config = input.config
    let record = records[index]
    let lifecycles = records.map { record -> Lifecycle in
      input.scimDeactivated.contains(FieldRules.asciiLowercased(record.email))
        ? .scimDeactivated : Lifecycle.of(record, asOf: input.asOf, daysBeforeHire: config.provisionDaysBeforeHire)
    }
    let resolver = Resolver(config: config, records: records, lifecycles: lifecycles, files: input.snapshotFiles)
    let file = input.snapshotFiles[record.source] ?? record.source
    let at = "\(file):\(record.line)"
    let csv = config.sources.first { $0.name == record.source }?.csv

    var fields: [Explanation.Field] = []
    func add(_ name: String, _ value: String?, column: String, blankWhy: String? = nil) {
      if let value {
        fields.append(Explanation.Field(name: name, value: value, origin: "\(at), column \(column)"))
      } else {
        fields.append(Explanation.Field(name: name, value: nil, origin: blankWhy ?? "blank in \(at), column \(column)"))
      }
    }
    let location = resolver.location(index)
    let manager = resolver.manager(index)
    for field in [StandardField.fullName, .email, .employeeId, .department, .title, .location, .managerEmail, .pictureUrl] {
      let column = config.columnName(field, source: record.source)
      let raw = record.text(field)
      switch field {
      case .location:
        if let raw, location.value == nil {
          add(
            "location", nil, column: column,
            blankWhy: "\(at), column \(column) has '\(raw)', not a configured location: left blank (warning plan.unmatched-location)")
        } else if let raw, let value = location.value, raw != value {
          fields.append(
            Explanation.Field(name: "location", value: value, origin: "\(at), column \(column): '\(raw)' matched the configured '\(value)'")
          )
        } else {
          add("location", location.value, column: column)
        }
      case .managerEmail:
        if let raw, !manager.keeps {
          add(
            "managerEmail", nil, column: column,
            blankWhy:
              "\(at), column \(column) has '\(raw)', not an active person in the directory: left blank (warning plan.unresolved-manager)")
        } else {
          add("managerEmail", raw, column: column)
        }
      default:
        add(field.rawValue, raw, column: column)
      }
    }
    add("hireDate", record.hireDate?.description, column: config.columnName(.hireDate, source: record.source))
    add("terminationDate", record.terminationDate?.description, column: config.columnName(.terminationDate, source: record.source))
    for (position, name) in config.customFields.enumerated() {
      add("custom.\(name)", record.custom[position], column: csv?.customColumns[name] ?? name)
    }

    var notes: [String] = []
    var excludedBy: String?
    if let engine = RuleEngine(config, asOf: input.asOf), config.sources.first(where: { $0.name == record.source })?.kind != .scim {
      let reports = engine.usesDirectReports ? resolver.directReports()[index] : 0
      let outcome = engine.evaluate(
        RuleSubject(record: record, location: location.value, keepsManager: manager.keeps, directReports: reports), trace: true)
      var groupRules: [String: String] = [:]
      var roleRule: String?
      for (ruleIndex, action) in outcome.applied {
        let rule = config.rules[ruleIndex]
        let by = "rule '\(rule.name)' (\(rule.path))"
        switch action {
        case .setField(let field, let value):
          let key: String
          if case .custom(_, let custom) = field { key = "custom.\(custom)" } else { key = field.name }
          if let position = fields.firstIndex(where: { $0.name == key }) {
            let previous = fields[position]
            fields[position] = Explanation.Field(
              name: key, value: value,
              origin: "set by \(by); before the rules: \(previous.value.map { "'\($0)'" } ?? "blank") (\(previous.origin))")
          }
        case .setRole: roleRule = by
        case .addToGroup(let group): groupRules[group] = "added by \(by)"
        case .removeFromGroup(let group): groupRules[group] = "removed by \(by)"
        case .exclude: excludedBy = by
        }
      }
      let matched = Set(outcome.applied.map(\.rule)).sorted().map { "'\(config.rules[$0].name)'" }
      notes.insert(matched.isEmpty ? "no rule matched" : "rules that matched, in order: \(matched.joined(separator: ", "))", at: 0)
      if let role = outcome.role { fields.append(Explanation.Field(name: "role", value: role, origin: "set by \(roleRule ?? "a rule")")) }
      var groups: [String] = []
      outcome.groups.forEach { groups.append(engine.groupNames[$0]) }
      for group in groups { fields.append(Explanation.Field(name: "group \(group)", value: group, origin: groupRules[group] ?? "a rule")) }
    }

    let committed = current.contains(id) ? try current.entry(id) : nil
    let change = plan.changes.first { $0.id == id }
    var status: String
    switch lifecycles[index] {
    case .active where excludedBy != nil: status = "excluded by \(excludedBy!): not synced (\(at))"
    case .active: status = "active: in \(at)"
    case .terminated(let day): status = "terminated: termination date \(day) reached (\(at))"
    case .scimDeactivated: status = "deactivated over SCIM (\(at))"
    case .preHire(let day): status = "not yet provisioned: hired on \(record.hireDate?.description ?? "?"), provisioned from \(day) (\(at))"
    }
    if let change {
      status += "; the next sync will \(change.kind.rawValue) the entry" + (change.reason.map { ": \($0)" } ?? "")
    } else if let committed {
      status += "; the committed entry (\(committed.status.rawValue)) is up to date"
    } else {
      status += "; not in the directory"
    }
    notes += scheduled(plan, id)
    if plan.rejectedRows.contains(where: { $0.keys.contains(record.key) }) {
      notes.append("a rejected row also names this person: their entry is left as it is")
    }
    return Explanation(
      id: id, label: record.email, employeeId: record.employeeId, record: at, status: status, fields: fields, change: change,
      committed: committed, notes: notes)
  }
}
