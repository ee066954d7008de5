import GitKit
import PeopleSyncCore

/// A tenant planned at one commit, with what applying the plan needs.
struct PlannedTenant {
  let plan: TenantPlan
  let inputs: TenantInputs
  let directory: GitDirectory?
  /// How the tenant stores entries: sealed or as is.
  let storage: any BlobCodec
  /// What the planner was given, and how it named people: for `explain`.
  var input: PlanInput? = nil
  var identifier: (any PersonIdentifier)? = nil
}

/// Reads a tenant's committed inputs and plans it: the phases `plan` and `sync` share, each a
/// function of its own (`read`, `validate`, `plan`), then `applyTree` for the sync's write.
struct Planning {
  let settings: Settings

  /// What the read phase found: the inputs, and the committed directory (nil when the
  /// configuration does not read, and there is nothing to plan against).
  struct Read {
    let inputs: TenantInputs
    let directory: GitDirectory?
  }

  /// Plans `tenant` as committed in `reader`'s commit on `asOf` (settled by the caller,
  /// `StateReader.asOf`); `overrideSafeguard` lets deprovisions over the safeguard's limit apply
  /// instead of being held.
  func plan(_ tenant: String, reader: StateReader, asOf: Day, overrideSafeguard: Bool = false) throws -> PlannedTenant {
    let read = try self.read(tenant, reader: reader)
    let (errors, warnings) = try validate(tenant, read)
    guard errors.isEmpty, let config = read.inputs.config, let directory = read.directory else {
      var plan = TenantPlan(tenant: tenant, displayName: read.inputs.config?.displayName ?? tenant, asOf: asOf)
      plan.blockingErrors = errors
      return PlannedTenant(plan: plan, inputs: read.inputs, directory: nil, storage: PlainBlobCodec())
    }
    return try plan(
      tenant, config: config, inputs: read.inputs, directory: directory, warnings: warnings, protection: reader.protection,
      asOf: asOf, overrideSafeguard: overrideSafeguard)
  }

  /// Read: the configuration and every snapshot, while the committed directory is listed on
  /// another thread.
  func read(_ tenant: String, reader: StateReader) throws -> Read {
    settings.progress.begin("\(tenant): read the snapshots and the directory")
    let listing = reader.directoryInBackground(tenant)
    let inputs = try reader.inputs(tenant)
    guard inputs.config != nil else {
      _ = try? listing.value()
      return Read(inputs: inputs, directory: nil)
    }
    return Read(inputs: inputs, directory: try listing.value())
  }

  /// Validate: the errors that block the tenant (a configuration that does not read, data that
  /// does not match the encryption setting), and the warnings its plan carries. Rejected rows
  /// do not block: the planner reports them.
  func validate(_ tenant: String, _ read: Read) throws -> (errors: [Diagnostic], warnings: [Diagnostic]) {
    let inputs = read.inputs
    guard let config = inputs.config, let directory = read.directory else { return (inputs.diagnostics.errors, []) }
    if let mismatch = try Self.encryptionMismatch(config, inputs: inputs, directory: directory) { return ([mismatch], []) }
    var warnings: [Diagnostic] = []
    if config.encryption.enabled {
      for name in inputs.plainSnapshots {
        let source = config.sources.first { $0.name == name }!
        warnings.append(
          Diagnostic(
            .warning, "encryption.plain-snapshot", file: source.snapshotPath(tenant: tenant),
            message:
              "committed in plain text rather than through 'peoplesync ingest', which encrypts it; its copies in git history stay readable")
        )
      }
    }
    for path in directory.strayFiles {
      warnings.append(Diagnostic(.warning, "directory.stray-file", file: path, message: "not a directory entry; left alone"))
    }
    return ([], warnings)
  }

  /// Desired directory and plan, in one pass of the planner over every person (`Planner`): opens
  /// the tenant's keys (created at its first sync), then pairs each desired entry with the
  /// committed one.
  func plan(
    _ tenant: String, config: TenantConfig, inputs: TenantInputs, directory: GitDirectory, warnings: [Diagnostic],
    protection: DataProtection, asOf: Day, overrideSafeguard: Bool
  ) throws -> PlannedTenant {
    let storage = try context("opening the keys of \(tenant)") { try protection.codec(for: config, creating: true) }
    let identifier = try context("opening the keys of \(tenant)") { try protection.identifier(for: config, creating: true) }
    directory.storage = storage
    if let sealing = storage as? EncryptingCodec {
      let cache = protection.entryCache(tenant)
      cache.keys = sealing.keys
      directory.sealedCache = cache
    }
    var input = PlanInput(config: config, snapshots: inputs.snapshots, missingSources: inputs.missingSources, asOf: asOf)
    input.scimDeactivated = inputs.scimDeactivated
    input.overrideSafeguard = overrideSafeguard
    settings.progress.begin("\(tenant): plan")
    var plan = try context("planning \(tenant)") {
      try PhaseTimer.measure("plan \(tenant)") { try Planner(identifier: identifier).plan(input, current: directory) }
    }
    plan.warnings += warnings
    return PlannedTenant(plan: plan, inputs: inputs, directory: directory, storage: storage, input: input, identifier: identifier)
  }

  /// A tenant whose directory does not match its encryption setting is not synced: that takes
  /// the `encrypt` command (or the setting put back), not a sync that would mix both. A snapshot
  /// someone committed by hand in plain text is read (and warned about): it is not ours to rewrite.
  static func encryptionMismatch(_ config: TenantConfig, inputs: TenantInputs, directory: GitDirectory) throws -> Diagnostic? {
    let sample = try directory.sample()
    if config.encryption.enabled, sample.plainPersonal > 0 {
      return Diagnostic(
        .error, "encryption.not-migrated", file: config.configPath, jsonPath: "$.encryption",
        message:
          "encryption is on but the tenant's data is stored in plain text: run 'peoplesync encrypt --tenant \(config.id)' to convert it in one commit"
      )
    }
    if !config.encryption.enabled, inputs.snapshotKeyIDs.count > 0 || sample.sealed > 0 {
      return Diagnostic(
        .error, "encryption.sealed-data", file: config.configPath, jsonPath: "$.encryption",
        message: "encryption is off but the tenant's data is encrypted: turning encryption off for existing data is not supported")
    }
    return nil
  }

  /// Writes the changed entries and returns the new root tree; objects go to `writer`.
  func applyTree(_ planned: PlannedTenant, baseTree: ObjectID?, repository: Repository, writer: ObjectWriter) throws -> ObjectID {
    let plan = planned.plan
    var blobs: [(id: PersonID, blob: ObjectID)] = []
    blobs.reserveCapacity(plan.changes.count)
    let progress = settings.progress
    progress.begin("\(plan.tenant): write entries", unit: "entries", total: plan.changes.count)
    try PhaseTimer.measure("write \(plan.changes.count) entry blobs") {
      for change in plan.changes {
        progress.advance(1)
        let plain = EntryFormat.encode(change.after)
        let stored = try planned.storage.encode(plain, kind: .entry(tenant: plan.tenant, id: change.id))
        let sealed = stored != plain
        let blob = try sealed ? writer.writeIncompressible(stored, type: .blob) : writer.write(stored, type: .blob)
        if sealed, let cache = planned.directory?.sealedCache { cache.learn(change.id, sealed: blob, plain: ObjectID.hashBlob(plain)) }
        blobs.append((change.id, blob))
      }
    }
    let folder = DirectoryEntry.peopleFolder(tenant: plan.tenant)
    let basePeople = try baseTree.flatMap { try repository.entry(in: $0, path: folder) }.flatMap { $0.kind == .tree ? $0.id : nil }
    progress.begin("\(plan.tenant): write the directory's trees")
    let people = try PhaseTimer.measure("write the people trees") {
      try PeopleTreeWriter(repository: repository, writer: writer, folder: folder).write(base: basePeople, entries: blobs)
    }
    var editor = TreeEditor()
    editor.setTree(folder, to: people)
    for change in plan.groupChanges {
      let path = GroupFormat.path(tenant: plan.tenant, name: change.name)
      if change.kind == .delete {
        editor.remove(path)
      } else {
        editor.set(path, to: try writer.write(GroupFormat.encode(name: change.name, members: change.members), type: .blob))
      }
    }
    try SCIMPurge.apply(plan, inputs: planned.inputs, tree: baseTree, repository: repository, writer: writer, to: &editor)
    return try editor.write(base: baseTree, repository: repository, writer: writer)
  }
}
