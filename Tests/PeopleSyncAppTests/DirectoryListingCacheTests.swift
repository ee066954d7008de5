import Foundation
import GitKit
import PeopleSyncCore
import TestSupport
import Testing

@testable import PeopleSyncApp

/// A kept listing (`DirectoryListingCache`) lists a changed directory as a fresh listing does.
@Suite("directory listing cache")
struct DirectoryListingCacheTests {
  static let tenant = "listed"

  static func path(_ value: UInt64) -> String { DirectoryEntry.path(tenant: tenant, id: PersonID(value)) }

  /// Entries by id and strays, as a listing without a cache sees `revision`.
  static func listing(_ repo: TemporaryRepository, cache: DirectoryListingCache) throws -> (entries: [PersonID: ObjectID], strays: [String])
  {
    let repository = try Repository.open(at: repo.path)
    let tree = try repository.commit(try repository.resolveCommit("HEAD")).tree
    let directory = try GitDirectory(repository: repository, tree: tree, tenant: tenant, codec: PlainBlobCodec(), listings: cache)
    var entries: [PersonID: ObjectID] = [:]
    directory.blobs.forEach { id, blob in entries[id] = blob }
    return (entries, directory.strayFiles)
  }

  @Test("after entries are added, changed and removed and strays appear, a kept listing equals a fresh one")
  func keptEqualsFresh() throws {
    let repo = try TemporaryRepository()
    // 600 people over many small trees, some sharing one.
    for index in 0..<600 { try repo.write(Self.path(UInt64(index) &* 0x9E37_79B9_7F4A_7C15), "{\"n\": \(index)}\n") }
    try repo.write("tenants/\(Self.tenant)/directory/people/ab/notes.txt", "stray\n")
    _ = try repo.commitAll("first")
    let kept = DirectoryListingCache()
    kept.keep()
    let first = try Self.listing(repo, cache: kept)
    #expect(first.entries.count == 600)
    #expect(first.strays == ["tenants/\(Self.tenant)/directory/people/ab/notes.txt"])
    #expect(first == (try Self.listing(repo, cache: DirectoryListingCache())) as (entries: [PersonID: ObjectID], strays: [String]))

    for index in 600..<650 { try repo.write(Self.path(UInt64(index) &* 0x9E37_79B9_7F4A_7C15), "{\"n\": \(index)}\n") }
    for index in 0..<20 { try repo.write(Self.path(UInt64(index) &* 0x9E37_79B9_7F4A_7C15), "{\"changed\": \(index)}\n") }
    for index in 20..<40 { try FileManager.default.removeItem(atPath: repo.path + "/" + Self.path(UInt64(index) &* 0x9E37_79B9_7F4A_7C15)) }
    // A stray in a small tree the first listing kept as clean.
    let clean = Self.path(UInt64(100) &* 0x9E37_79B9_7F4A_7C15)
    let folder = (clean as NSString).deletingLastPathComponent
    try repo.write(folder + "/0000000000000000.json", "{}\n")
    _ = try repo.commitAll("second")
    let again = try Self.listing(repo, cache: kept)
    let fresh = try Self.listing(repo, cache: DirectoryListingCache())
    #expect(again.entries == fresh.entries)
    #expect(again.strays == fresh.strays)
    #expect(fresh.entries.count == 630)
    #expect(fresh.strays.contains(folder + "/0000000000000000.json"))
  }

  @Test("an unchanged small tree is taken from the kept listing, not read again")
  func unchangedTreesComeFromTheCache() throws {
    let repo = try TemporaryRepository()
    let id = PersonID(0x1234_5678_9ABC_DEF0)
    try repo.write(DirectoryEntry.path(tenant: Self.tenant, id: id), "{}\n")
    _ = try repo.commitAll("one")
    let kept = DirectoryListingCache()
    kept.keep()
    _ = try Self.listing(repo, cache: kept)
    let key = "\(try Repository.open(at: repo.path).gitDirectory):\(Self.tenant)"
    var trees = try #require(kept.trees(key))
    #expect(trees.count == 1)
    // Planted: what the cache says that tree holds is what the next listing reports.
    let planted = PersonID(0x1234_0000_0000_0001)
    trees[trees.keys.first!] = [(planted, ObjectID.hashBlob(Array("x".utf8)))]
    kept.store(key, trees)
    #expect(Array(try Self.listing(repo, cache: kept).entries.keys) == [planted])
    #expect(Array(try Self.listing(repo, cache: DirectoryListingCache()).entries.keys) == [id], "without the cache: the tree as stored")
  }
}
