/// Names the change between two committed versions of one entry, as a plan would have.
public enum DirectoryDiff {
  /// The change from `before` to `after`; a removed entry (nil `after`) counts as a purge.
  public static func change(id: PersonID, before: DirectoryEntry?, after: DirectoryEntry?) -> Change {
    guard let after else {
      return Change(kind: .purge, before: before, after: .purged(id), reason: "entry removed")
    }
    let kind: Change.Kind
    switch (before?.status, after.status) {
    case (nil, _), (.purged?, .active), (.purged?, .deprovisioned): kind = .provision
    case (.deprovisioned?, .active): kind = .reactivate
    case (.active?, .deprovisioned): kind = .deprovision
    case (_, .purged): kind = .purge
    default: kind = .update
    }
    var reason: String?
    if kind == .deprovision, let cause = after.deprovisionReason {
      switch cause {
      case .terminated: reason = "termination date \(after.person?.terminationDate?.description ?? "") reached"
      case .absent: reason = "no longer in the \(after.source ?? "source") snapshot"
      case .excluded: reason = "excluded by a rule"
      case .scimDeactivated: reason = "deactivated over SCIM"
      }
    }
    return Change(kind: kind, before: before, after: after, reason: reason)
  }

  /// A change in history where an entry can no longer be read (its person was purged and
  /// their key destroyed): what kind of change it was, as far as the readable sides tell.
  public static func erasedChange(id: PersonID, before: DirectoryEntry?, beforeExists: Bool, after: DirectoryEntry?) -> Change {
    let kind: Change.Kind = !beforeExists ? .provision : (after?.status == .purged ? .purge : .update)
    var change = Change(
      kind: kind, before: before, after: after ?? .purged(id), reason: "personal data erased (the key was destroyed at purge)")
    change.erased = true
    return change
  }

  /// Orders changes as plans do: by kind, then label, then id.
  public static func sorted(_ changes: [Change]) -> [Change] {
    let order = Dictionary(uniqueKeysWithValues: Change.Kind.allCases.enumerated().map { ($1, $0) })
    // Sort small keys, then move each change once: a million provisions are large values.
    let keys = changes.map { (order[$0.kind]!, $0.label, $0.id.value) }
    return changes.indices.sorted { keys[$0] < keys[$1] }.map { changes[$0] }
  }
}
