// Group membership: what rules put people in, what is kept as committed, and the changes to group files.
extension PlanRun {
  /// Keeps an active entry's groups as committed: the person is left exactly as they are.
  mutating func keepGroups(of entry: DirectoryEntry) {
    guard entry.status == .active, let groups = entry.person?.groups else { return }
    for name in groups { keptMembers[name, default: []].append(entry.id) }
  }

  /// Each group's members once the plan is applied, against the committed group files.
  mutating func planGroups(records: [EmployeeRecord], recordIDs: PersonTable<Int>, current: some CurrentDirectory) throws {
    let existing = Set(current.groupNames)
    guard engine != nil || !existing.isEmpty else { return }
    var desired: [String: [PersonID]] = keptMembers
    for (index, name) in (engine?.groupNames ?? []).enumerated() where !members[index].isEmpty {
      desired[name, default: []] += members[index].map { relinked[$0] ?? $0 }
    }
    let names = existing.union(desired.keys).sorted()
    // On every core: each group's members sorted and its file compared with the committed one.
    nonisolated(unsafe) let directory = current
    let wanted = desired
    let prepared = Parallel.each(names.count, threads: threads) { index -> (list: [PersonID], same: Bool) in
      var list = wanted[names[index]] ?? []
      PersonID.sort(&list)
      if list.count > 1 {
        var unique: [PersonID] = []
        unique.reserveCapacity(list.count)
        for id in list where unique.last != id { unique.append(id) }
        list = unique
      }
      guard existing.contains(names[index]) else { return (list, list.isEmpty) }
      return (list, directory.groupMatches(names[index], encoded: GroupFormat.encode(name: names[index], members: list)))
    }
    // One group at a time: the committed members of those that change (one repository handle).
    var committed: [Int: [PersonID]] = [:]
    for (index, name) in names.enumerated() where !prepared[index].same && existing.contains(name) {
      var members = try current.groupMembers(name)
      PersonID.sort(&members)
      committed[index] = members
    }
    // On every core: who joins and who leaves.
    let entries = loaded
    let changes = Parallel.each(names.count, threads: threads) { index -> GroupChange? in
      guard !prepared[index].same else { return nil }
      let list = prepared[index].list
      let old = committed[index] ?? []
      func member(_ id: PersonID) -> GroupChange.Member {
        if let position = recordIDs[id] { return GroupChange.Member(id: id, label: records[position].email) }
        return GroupChange.Member(id: id, label: entries[id]?.label ?? id.hex)
      }
      var joined: [GroupChange.Member] = []
      var left: [GroupChange.Member] = []
      var (a, b) = (0, 0)
      while a < old.count || b < list.count {
        if b == list.count || (a < old.count && old[a] < list[b]) {
          left.append(member(old[a]))
          a += 1
        } else if a == old.count || list[b] < old[a] {
          joined.append(member(list[b]))
          b += 1
        } else {
          a += 1
          b += 1
        }
      }
      joined.sort { ($0.label, $0.id) < ($1.label, $1.id) }
      left.sort { ($0.label, $0.id) < ($1.label, $1.id) }
      let kind: GroupChange.Kind = old.isEmpty && !existing.contains(names[index]) ? .create : list.isEmpty ? .delete : .update
      return GroupChange(name: names[index], kind: kind, joined: joined, left: left, members: list)
    }
    plan.groupChanges = changes.compactMap { $0 }
  }
}
