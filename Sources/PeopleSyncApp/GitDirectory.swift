import Foundation
import GitKit
import PeopleSyncCore

/// A tenant's directory as committed: entry ids mapped to blob ids, blobs read on demand.
final class GitDirectory: CurrentDirectory, @unchecked Sendable {
  let tenant: String
  private let repository: Repository
  /// Opens stored entries.
  private let codec: any BlobCodec
  /// Seals desired entries the way the tenant stores them, to compare with committed blobs;
  /// set once the tenant's configuration is known.
  var storage: any BlobCodec = PlainBlobCodec()
  private(set) var blobs: PersonTable<ObjectID>
  /// Group files by group name.
  private(set) var groupBlobs: [String: ObjectID] = [:]
  /// Files under the people folder that are not entries; reported, never touched.
  private(set) var strayFiles: [String] = []

  /// Lists the directory of `tenant` in `tree` (nil: no commit yet). The trees are read through
  /// `lister` when given (a handle of the thread doing the listing); entries later through `repository`.
  /// `listings` remembers the small trees listed, when its owner keeps them (the SCIM server).
  init(
    repository: Repository, lister: Repository? = nil, tree: ObjectID?, tenant: String, codec: any BlobCodec,
    listings: DirectoryListingCache
  ) throws {
    self.tenant = tenant
    self.repository = repository
    self.codec = codec
    blobs = PersonTable()
    let repository = lister ?? repository
    if let tree, let groups = try repository.entry(in: tree, path: GroupFormat.folder(tenant: tenant)), groups.kind == .tree {
      try repository.forEachEntry(of: groups.id) { item in
        guard item.kind == .blob, item.name.hasSuffix(".json") else {
          return strayFiles.append("\(GroupFormat.folder(tenant: tenant))/\(item.name)")
        }
        groupBlobs[String(item.name.dropLast(5))] = item.id
      }
    }
    let folder = DirectoryEntry.peopleFolder(tenant: tenant)
    guard let tree, let people = try repository.entry(in: tree, path: folder), people.kind == .tree else { return }
    var level1: [TreeEntry] = []
    try repository.forEachEntry(of: people.id) { entry in
      guard entry.kind == .tree else { return strayFiles.append("\(folder)/\(entry.name)") }
      level1.append(entry)
    }
    // A million entries sit in 65,536 small trees: read them on every core, each thread with a
    // handle of its own (libgit2 handles are not shared), then gather.
    let cacheKey = repository.gitDirectory + ":" + tenant
    let known = listings.trees(cacheKey)
    let parts = min(max(1, ProcessInfo.processInfo.activeProcessorCount), max(1, level1.count / 16))
    let found = try Parallel.tryEach(parts, threads: parts) { part in
      let handle = part == 0 ? repository : try Repository.open(at: repository.gitDirectory)
      var listed = Listed(known: known)
      for index in stride(from: part, to: level1.count, by: parts) {
        try Self.list(level1[index], in: folder, repository: handle, into: &listed)
      }
      return listed
    }
    blobs = PersonTable(capacity: found.reduce(0) { $0 + $1.entries.count })
    var seen = DirectoryListingCache.Trees()
    for part in found {
      for (id, blob) in part.entries { blobs[id] = blob }
      strayFiles += part.strays
      seen.merge(part.seen) { first, _ in first }
    }
    if known != nil { listings.store(cacheKey, seen) }
    strayFiles.sort()
  }

  /// What one thread found.
  private struct Listed {
    /// The small trees a kept earlier listing read, nil when listings are not kept.
    let known: DirectoryListingCache.Trees?
    var entries: [(PersonID, ObjectID)] = []
    var strays: [String] = []
    /// The small trees listed here without strays, to keep for the next listing.
    var seen = DirectoryListingCache.Trees()

    init(known: DirectoryListingCache.Trees?) { self.known = known }
  }

  /// The entries under one first-level folder (`people/ab/`).
  private static func list(_ level1: TreeEntry, in folder: String, repository: Repository, into listed: inout Listed) throws {
    let prefix = Array(level1.name.utf8)
    try repository.forEachEntryInRawTree(level1.id) { isFolder, level2, tree in
      // Names are made only for strays: a million-person listing visits 65,536 of these folders.
      func path() -> String { "\(folder)/\(level1.name)/\(String(decoding: level2, as: UTF8.self))" }
      guard isFolder, prefix.count == 2, level2.count == 2 else { return listed.strays.append(path()) }
      let shard = (prefix[0], prefix[1], level2[0], level2[1])
      let key = DirectoryListingCache.Key(
        tree: tree, shard: UInt32(shard.0) << 24 | UInt32(shard.1) << 16 | UInt32(shard.2) << 8 | UInt32(shard.3))
      if let cached = listed.known?[key] {
        listed.entries += cached
        listed.seen[key] = cached
        return
      }
      var entries: [(PersonID, ObjectID)] = []
      var clean = true
      try repository.forEachEntryInRawTree(tree) { isTree, name, blob in
        // "<16 hex>.json", filed under the folders its first four digits name.
        if !isTree, name.count == 21, name[0] == shard.0, name[1] == shard.1, name[2] == shard.2, name[3] == shard.3,
          memcmp(name.baseAddress! + 16, ".json", 5) == 0, let value = PersonID.parse(UnsafeBufferPointer(rebasing: name[0..<16]))
        {
          entries.append((PersonID(value), blob))
        } else {
          clean = false
          listed.strays.append("\(path())/\(String(decoding: name, as: UTF8.self))")
        }
      }
      listed.entries += entries
      if clean && listed.known != nil { listed.seen[key] = entries }
    }
  }

  var count: Int { blobs.count }

  var groupNames: [String] { groupBlobs.keys.sorted() }

  func groupMatches(_ name: String, encoded: [UInt8]) -> Bool { groupBlobs[name] == ObjectID.hashBlob(encoded) }

  func groupMembers(_ name: String) throws -> [PersonID] {
    guard let blob = groupBlobs[name] else { return [] }
    return try context("reading \(GroupFormat.path(tenant: tenant, name: name))") {
      try GroupFormat.decode(try repository.blob(blob)).members
    }
  }

  func contains(_ id: PersonID) -> Bool { blobs[id] != nil }

  /// For a sealing `storage`: what earlier syncs learned, so unchanged entries are not sealed again.
  var sealedCache: SealedEntryCache?

  func matches(_ id: PersonID, encoded: [UInt8]) -> Bool { compare(id, encoded: encoded) == .same }

  func compare(_ id: PersonID, encoded: [UInt8]) -> EntryComparison {
    guard let stored = blobs[id] else { return .missing }
    if let plain = sealedCache?.plainID(id, sealed: stored) { return ObjectID.hashBlob(encoded) == plain ? .same : .different }
    guard let bytes = storage.encodeForComparison(encoded, kind: .entry(tenant: tenant, id: id)) else { return .different }
    guard ObjectID.hashBlob(bytes) == stored else { return .different }
    if let sealedCache, bytes != encoded { sealedCache.learn(id, sealed: stored, plain: ObjectID.hashBlob(encoded)) }
    return .same
  }

  /// How a few stored entries are kept: sealed, or as is while holding personal data.
  /// Enough to tell a tenant whose data does not match its encryption setting.
  func sample(limit: Int = 16) throws -> (sealed: Int, plainPersonal: Int) {
    var sealed = 0
    var plainPersonal = 0
    var seen = 0
    var blobIDs: [ObjectID] = []
    blobs.forEach { _, blob in if blobIDs.count < limit { blobIDs.append(blob) } }
    for blob in blobIDs {
      let bytes = try repository.blob(blob)
      if bytes.withUnsafeBytes(SealedBlob.isSealed) { sealed += 1 } else if EntryFormat.holdsPersonalData(bytes) { plainPersonal += 1 }
      seen += 1
    }
    return (sealed, plainPersonal)
  }

  func entry(_ id: PersonID) throws -> DirectoryEntry {
    guard let blob = blobs[id] else { throw AppError.notFound("no directory entry \(id) in tenant \(tenant)") }
    return try context("reading \(DirectoryEntry.path(tenant: tenant, id: id))") {
      do {
        let plain = try codec.decode(try repository.blob(blob), kind: .entry(tenant: tenant, id: id))
        return try EntryFormat.decode(plain, expected: id)
      } catch DataProtectionError.erased {
        return .erased(id)
      }
    }
  }

  func forEachID(_ body: (PersonID) throws -> Void) rethrows {
    try blobs.forEach { id, _ in try body(id) }
  }
}
