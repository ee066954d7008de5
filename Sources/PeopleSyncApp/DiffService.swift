import GitKit
import PeopleSyncCore

/// The semantic directory changes of one tenant between two commits.
package struct TenantDiff {
  package let tenant: String
  package let changes: [Change]
  /// Groups whose members changed.
  package let groupChanges: [GroupChange]
  /// Other files of the tenant that changed: configuration and snapshots.
  package let inputChanges: [String]
}

/// `diff`: what changed in the directory between any two commits.
package final class DiffService: AppService {
  package let app: AppContext

  package init(_ app: AppContext) { self.app = app }

  /// The changes from `from` to `to`, per tenant, for the selected tenant or all that changed.
  package func diff(from: String, to: String, tenant: String?) throws -> (from: ObjectID, to: ObjectID, tenants: [TenantDiff]) {
    let old = try context("resolving \(from)") { try repository.resolveCommit(from) }
    let new = try context("resolving \(to)") { try repository.resolveCommit(to) }
    let protection = app.protection(writing: false)
    let oldReader = try app.reader(at: old, protection: protection)
    let newReader = try app.reader(at: new, protection: protection)
    var tenants = Set(try oldReader.tenantIDs()).union(try newReader.tenantIDs()).sorted()
    if let tenant {
      guard tenants.contains(tenant) else { throw AppError.notFound("no tenant '\(tenant)' in \(from) or \(to)") }
      tenants = [tenant]
    }
    var result: [TenantDiff] = []
    for tenant in tenants {
      let path = "tenants/\(tenant)"
      let oldTree = try oldReader.tree.flatMap { try repository.entry(in: $0, path: path) }.flatMap { $0.kind == .tree ? $0.id : nil }
      let newTree = try newReader.tree.flatMap { try repository.entry(in: $0, path: path) }.flatMap { $0.kind == .tree ? $0.id : nil }
      guard oldTree != newTree else { continue }
      result.append(try diffTenant(tenant, oldTree: oldTree, newTree: newTree, protection: protection))
    }
    return (old, new, result)
  }

  func diffTenant(_ tenant: String, oldTree: ObjectID?, newTree: ObjectID?, protection: DataProtection) throws -> TenantDiff {
    let peoplePrefix = "directory/people/"
    let groupPrefix = "directory/groups/"
    var changes: [Change] = []
    var inputs: [String] = []
    var groups: [(name: String, old: ObjectID?, new: ObjectID?)] = []
    try repository.changedBlobs(from: oldTree, to: newTree) { blob in
      if blob.path.hasPrefix(groupPrefix), blob.path.hasSuffix(".json"), !blob.path.dropFirst(groupPrefix.count).contains("/") {
        groups.append((String(blob.path.dropFirst(groupPrefix.count).dropLast(5)), blob.old, blob.new))
        return
      }
      guard blob.path.hasPrefix(peoplePrefix), blob.path.hasSuffix(".json"),
        let id = PersonID(hex: blob.path.split(separator: "/").last!.dropLast(5))
      else {
        inputs.append("tenants/\(tenant)/\(blob.path)")
        return
      }
      changes.append(try change(id: id, tenant: tenant, old: blob.old, new: blob.new, decoder: protection.decoder))
    }
    // Members are named by the entries that changed with them (a membership is in the person's entry too).
    var labels: [PersonID: String] = [:]
    for change in changes { labels[change.id] = change.label }
    var groupChanges: [GroupChange] = []
    for group in groups.sorted(by: { $0.name < $1.name }) {
      func members(_ blob: ObjectID?) throws -> [PersonID] {
        guard let blob else { return [] }
        return try context("reading \(GroupFormat.path(tenant: tenant, name: group.name))") {
          try GroupFormat.decode(try repository.blob(blob)).members
        }
      }
      let before = Set(try members(group.old))
      let after = try members(group.new).sorted()
      let afterSet = Set(after)
      func member(_ id: PersonID) -> GroupChange.Member { GroupChange.Member(id: id, label: labels[id] ?? id.hex) }
      let joined = after.filter { !before.contains($0) }.map(member).sorted { ($0.label, $0.id) < ($1.label, $1.id) }
      let left = before.filter { !afterSet.contains($0) }.map(member).sorted { ($0.label, $0.id) < ($1.label, $1.id) }
      let kind: GroupChange.Kind = group.old == nil ? .create : group.new == nil ? .delete : .update
      groupChanges.append(GroupChange(name: group.name, kind: kind, joined: joined, left: left, members: after))
    }
    return TenantDiff(tenant: tenant, changes: DirectoryDiff.sorted(changes), groupChanges: groupChanges, inputChanges: inputs)
  }

  /// The change between two stored versions of an entry; sides whose key was destroyed read as erased.
  func change(id: PersonID, tenant: String, old: ObjectID?, new: ObjectID?, decoder: any BlobCodec) throws -> Change {
    let before = try old.map { try readEntry($0, tenant: tenant, id: id, decoder: decoder) }
    let after = try new.map { try readEntry($0, tenant: tenant, id: id, decoder: decoder) }
    if before == .some(nil) || after == .some(nil) {
      return DirectoryDiff.erasedChange(id: id, before: before ?? nil, beforeExists: old != nil, after: after ?? nil)
    }
    return DirectoryDiff.change(id: id, before: before ?? nil, after: after ?? nil)
  }

  /// A stored entry, or nil when it is erased.
  func readEntry(_ blob: ObjectID, tenant: String, id: PersonID, decoder: any BlobCodec) throws -> DirectoryEntry? {
    try context("reading \(DirectoryEntry.path(tenant: tenant, id: id)) (\(blob.short))") {
      do {
        return try EntryFormat.decode(try decoder.decode(try repository.blob(blob), kind: .entry(tenant: tenant, id: id)), expected: id)
      } catch DataProtectionError.erased {
        return nil
      }
    }
  }
}
