/// Masks personal data in a plan for output that leaves the people who may see it: a
/// pull-request preview is read by everyone with access to the repository. Names become
/// initials, emails keep their first letter and domain, Employee IDs, picture URLs and
/// custom values are hidden. What reviewers need to judge rules stays: department, title,
/// location, role, groups, dates, and pseudonymous ids.
public enum PersonalDataMask {
  static let hidden = "•••"

  /// `a•••@acme.example`.
  public static func email(_ email: String) -> String {
    guard let at = email.firstIndex(of: "@") else { return email.count == 16 && PersonID(hex: email) != nil ? email : hidden }
    return (email.first.map(String.init) ?? "") + hidden + email[at...]
  }

  /// `Ada Lovelace` → `A. L.`
  public static func name(_ name: String) -> String {
    let initials = name.split(whereSeparator: { $0 == " " || $0 == "-" }).compactMap(\.first).map { "\($0)." }
    return initials.isEmpty ? hidden : initials.joined(separator: " ")
  }

  /// The person's fields with the personal ones masked; what reviewers judge rules by is kept.
  public static func person(_ person: PersonFields) -> PersonFields {
    var masked = person
    masked.fullName = name(person.fullName)
    masked.email = email(person.email)
    masked.employeeId = person.employeeId.map { _ in hidden }
    masked.managerEmail = person.managerEmail.map(email)
    masked.pictureUrl = person.pictureUrl.map { _ in hidden }
    masked.custom = person.custom.masked(hidden)
    return masked
  }

  /// The entry with its person masked, and its label (email or id) masked the same way.
  public static func entry(_ entry: DirectoryEntry) -> DirectoryEntry {
    var masked = entry
    masked.person = entry.person.map(person)
    masked.person?.email = label(entry.person?.email, id: entry.id)
    return masked
  }

  /// A masked email with the start of the person id, so two people whose masked emails look
  /// alike can still be told apart: `a•••@acme.example (da136f)`.
  public static func label(_ text: String?, id: PersonID) -> String {
    guard let text, text.contains("@") else { return id.hex }
    return "\(email(text)) (\(id.hex.prefix(6)))"
  }

  /// Free text (warnings, row problems) with every email in it masked.
  public static func text(_ text: String) -> String {
    let characters = Array(text)
    var out = ""
    var index = 0
    func isLocal(_ c: Character) -> Bool { c.isLetter || c.isNumber || "._%+-".contains(c) }
    while index < characters.count {
      if characters[index] == "@" {
        var start = out.endIndex
        while start > out.startIndex, isLocal(out[out.index(before: start)]) { start = out.index(before: start) }
        if start < out.endIndex {
          let first = out[start]
          out.removeSubrange(start...)
          out += "\(first)\(hidden)"
        }
      }
      out.append(characters[index])
      index += 1
    }
    return out
  }

  static func diagnostic(_ item: Diagnostic) -> Diagnostic {
    var masked = item
    masked.message = text(item.message)
    return masked
  }

  /// The plan with every person's data masked; counts, kinds, ids and rule effects unchanged.
  public static func plan(_ plan: TenantPlan) -> TenantPlan {
    var masked = plan
    func maskChange(_ change: Change) -> Change {
      var copy = change
      copy.before = change.before.map(entry)
      copy.after = entry(change.after)
      return copy
    }
    masked.changes = plan.changes.map(maskChange)
    masked.held = plan.held.map(maskChange)
    masked.groupChanges = plan.groupChanges.map { change in
      var copy = change
      copy.joined = change.joined.map { GroupChange.Member(id: $0.id, label: label($0.label, id: $0.id)) }
      copy.left = change.left.map { GroupChange.Member(id: $0.id, label: label($0.label, id: $0.id)) }
      return copy
    }
    masked.scheduled = plan.scheduled.map { event in
      var copy = event
      copy.label = label(event.label, id: event.id)
      return copy
    }
    masked.warnings = plan.warnings.map(diagnostic)
    masked.blockingErrors = plan.blockingErrors.map(diagnostic)
    masked.rejectedRows = plan.rejectedRows.map { row in
      var copy = row
      copy.problems = row.problems.map(diagnostic)
      copy.keys = []
      return copy
    }
    return masked
  }
}

extension CustomFields {
  /// The same fields with every value replaced by `text`.
  func masked(_ text: String) -> CustomFields {
    CustomFields(names: names, values: values.map { $0.map { _ in text } }, order: order)
  }
}
