import Foundation
import GitKit
import PeopleSyncCore

/// One commit that changed a person's entry.
package struct PersonEvent {
  package let commit: CommitInfo
  package let change: Change
}

/// `log`: the history of one person's entry across commits.
package final class HistoryService: AppService {
  package let app: AppContext

  package init(_ app: AppContext) { self.app = app }

  /// Finds the person `query` names (an email, an Employee ID or a person id) and lists
  /// every first-parent commit up to `revision` that changed their entry, newest first.
  package func history(tenant: String, query: String, revision: String?) throws -> (id: PersonID, events: [PersonEvent]) {
    let start: ObjectID
    if let revision {
      start = try context("resolving --rev \(revision)") { try repository.resolveCommit(revision) }
    } else {
      let branch = try repository.headBranch()
      guard let head = try repository.referenceTarget(branch) else { throw AppError.usage("\(branch) has no commits yet") }
      start = head
    }
    let protection = app.protection(writing: false)
    let reader = try app.reader(at: start, protection: protection)
    _ = try reader.selectTenants(tenant)
    let id = try findPerson(query, tenant: tenant, reader: reader)
    let path = DirectoryEntry.path(tenant: tenant, id: id)
    let diff = DiffService(repository: repository, settings: settings)
    var events: [PersonEvent] = []
    try repository.firstParentHistory(from: start) { commitID in
      let commit = try repository.commit(commitID)
      let now = try repository.entry(in: commit.tree, path: path)?.id
      let parentTree = try commit.parents.first.map { try repository.commit($0).tree }
      let before = try parentTree.flatMap { try repository.entry(in: $0, path: path)?.id }
      if now != before {
        let change = try diff.change(id: id, tenant: tenant, old: before, new: now, decoder: protection.decoder)
        events.append(PersonEvent(commit: commit, change: change))
      }
      return true
    }
    return (id, events)
  }

  /// A person id from an id, an Employee ID or an email, looked up as committed at the reader's commit.
  func findPerson(_ query: String, tenant: String, reader: StateReader) throws -> PersonID {
    let directory = try reader.directory(tenant)
    if let id = PersonID(hex: query), directory.contains(id) { return id }
    let email = FieldRules.asciiLowercased(query)
    let (config, _, _) = try reader.config(tenant)
    // Ids of an encrypted tenant need its keys; a tenant without a readable config uses the plain scheme.
    let identifier = try config.map { try reader.protection.identifier(for: $0, creating: false) } ?? HashedPersonIdentifier()
    for key in [PersonKey.employeeID(query), .email(email)] {
      let id = identifier.id(for: key, tenant: tenant)
      if directory.contains(id) { return id }
    }
    // Someone keyed by Employee ID and asked for by email: the snapshots name them.
    let inputs = try reader.inputs(tenant)
    for snapshot in inputs.snapshots {
      if let record = snapshot.records.first(where: { $0.email == email }) {
        let id = identifier.id(for: record.key, tenant: tenant)
        if directory.contains(id) { return id }
      }
    }
    // Gone from the feeds: read the entries themselves.
    var found: PersonID?
    try directory.forEachID { id in
      guard found == nil, let entry = try? directory.entry(id), let person = entry.person else { return }
      if person.email == email || person.employeeId == query { found = id }
    }
    if let found { return found }
    throw AppError.notFound("no person '\(query)' in the directory of \(tenant) at \(reader.commit?.short ?? "this revision")")
  }
}
