import GitKit
import PeopleSyncCore

/// Reads a tenant's committed inputs and plans it: the phases `plan` and `sync` share.
struct Planning {
  let settings: Settings

  /// Plans `tenant` as committed in `reader`'s commit.
  func plan(_ tenant: String, reader: StateReader, asOf: Day?) throws -> (plan: TenantPlan, inputs: TenantInputs, directory: GitDirectory?)
  {
    let listing = reader.directoryInBackground(tenant)
    let inputs = try reader.inputs(tenant)
    guard let config = inputs.config else {
      _ = try? listing.value()
      var plan = TenantPlan(tenant: tenant, displayName: tenant, asOf: asOf ?? Day(ordinal: 0))
      plan.blockingErrors = inputs.diagnostics.errors
      return (plan, inputs, nil)
    }
    let day = asOf ?? AsOf.today(in: config.timeZone, now: settings.now())
    let directory = try listing.value()
    let input = PlanInput(config: config, snapshots: inputs.snapshots, missingSources: inputs.missingSources, asOf: day)
    var plan = try context("planning \(tenant)") {
      try PhaseTimer.measure("plan \(tenant)") { try Planner(identifier: settings.identifier).plan(input, current: directory) }
    }
    plan.warnings += inputs.diagnostics.warnings.filter { $0.code == "source.not-implemented" }
    for path in directory.strayFiles {
      plan.warnings.append(Diagnostic(.warning, "directory.stray-file", file: path, message: "not a directory entry; left alone"))
    }
    return (plan, inputs, directory)
  }

  /// Writes the changed entries and returns the new root tree; objects go to `writer`.
  func applyTree(_ plan: TenantPlan, baseTree: ObjectID?, repository: Repository, writer: ObjectWriter) throws -> ObjectID {
    var blobs: [(id: PersonID, blob: ObjectID)] = []
    blobs.reserveCapacity(plan.changes.count)
    try PhaseTimer.measure("write \(plan.changes.count) entry blobs") {
      for change in plan.changes {
        let stored = try settings.codec.encode(EntryFormat.encode(change.after), kind: .entry(tenant: plan.tenant, id: change.id))
        blobs.append((change.id, try writer.write(stored, type: .blob)))
      }
    }
    let folder = DirectoryEntry.peopleFolder(tenant: plan.tenant)
    let basePeople = try baseTree.flatMap { try repository.entry(in: $0, path: folder) }.flatMap { $0.kind == .tree ? $0.id : nil }
    let people = try PhaseTimer.measure("write the people trees") {
      try PeopleTreeWriter(repository: repository, writer: writer).write(base: basePeople, entries: blobs)
    }
    var editor = TreeEditor()
    editor.setTree(folder, to: people)
    return try editor.write(base: baseTree, repository: repository, writer: writer)
  }
}
