import Foundation
import GitKit
import TestSupport
import Testing

/// What GitKit writes, checked by the real `git`.
@Suite("object writers")
struct ObjectWriterTests {
  /// Bytes that do not compress, the same on every run.
  static func noise(_ count: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    return (0..<count).map { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return UInt8(truncatingIfNeeded: state >> 56)
    }
  }

  static func text(_ count: Int) -> [UInt8] {
    Array(String(repeating: "Full Name,Email,Employee ID\nAda Lovelace,ada@example.com,A1\n", count: count / 56 + 1).utf8.prefix(count))
  }

  /// The blob's content as `git cat-file` prints it.
  static func catBlob(_ id: ObjectID, in repo: TemporaryRepository) throws -> [UInt8] {
    let file = repo.folder.url.appendingPathComponent("blob-\(id.hex)").path
    let result = try Shell.run(["sh", "-c", "git cat-file blob \(id.hex) > '\(file)'"], in: repo.path)
    #expect(result.status == 0, "\(result.transcript)")
    return [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
  }

  @Test("a pack of small and large, compressible and incompressible objects passes git fsck and reads back byte for byte")
  func packWriter() throws {
    let repo = try TemporaryRepository(bare: true)
    let repository = try Repository.open(at: repo.path)
    let writer = try PackObjectWriter(repository: repository)
    let contents: [(String, [UInt8], stored: Bool)] = [
      ("small-text", Self.text(300), false), ("small-noise", Self.noise(400, seed: 1), true),
      ("large-text", Self.text(2 << 20), false), ("large-noise", Self.noise(2 << 20, seed: 2), false),
    ]
    var editor = TreeEditor()
    var ids: [ObjectID] = []
    for (name, bytes, stored) in contents {
      let id = try stored ? writer.writeIncompressible(bytes, type: .blob) : writer.write(bytes, type: .blob)
      ids.append(id)
      editor.set("data/\(name)", to: id)
    }
    #expect(try writer.write(contents[0].1, type: .blob) == ids[0], "the same content is one object")
    let tree = try editor.write(base: nil, repository: repository, writer: writer)
    try writer.finish()
    #expect(writer.objectsWritten == 6, "four blobs and two trees")
    let commit = try repository.createCommit(
      tree: tree, parents: [], message: "objects\n", author: ("Test", "test@example.com"), time: 1_800_000_000)
    try repository.updateReference("refs/heads/main", to: commit, expected: nil, logMessage: "test")

    let fsck = try repo.git(["fsck", "--strict", "--no-progress"], check: false)
    #expect(fsck.status == 0, "\(fsck.transcript)")
    for (index, (name, bytes, _)) in contents.enumerated() {
      #expect(try Self.catBlob(ids[index], in: repo) == bytes, "\(name)")
      let hashed = try Shell.run(["sh", "-c", "git cat-file blob \(ids[index].hex) | git hash-object --stdin"], in: repo.path)
      #expect(hashed.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == ids[index].hex, "\(name): the id git computes")
    }
    // The text compressed; the noise kept its size (stored: zlib would not shrink it either, only take longer).
    let count = try repo.git(["count-objects", "-v"]).stdout
    let packKiB = count.split(separator: "\n").first { $0.hasPrefix("size-pack:") }.flatMap { Int($0.split(separator: " ").last!) }
    let kib = try #require(packKiB, "\(count)")
    #expect(kib > 2048 && kib < 2048 + 512, "pack of \(kib) KiB: the noise kept its size, the text shrank")
  }

  @Test("loose, hashing and pack writers give the ids git gives")
  func idsAgree() throws {
    let repo = try TemporaryRepository(bare: true)
    let repository = try Repository.open(at: repo.path)
    let bytes = Self.text(1000)
    let file = try repo.folder.write("content.txt", String(decoding: bytes, as: UTF8.self))
    let expected = try Shell.run(["git", "hash-object", file.path], in: repo.path).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(try HashingObjectWriter().write(bytes, type: .blob).hex == expected)
    #expect(try LooseObjectWriter(repository: repository).write(bytes, type: .blob).hex == expected)
    #expect(ObjectID.hashBlob(bytes).hex == expected)
    #expect(try Self.catBlob(try #require(ObjectID(hex: expected)), in: repo) == bytes)
  }

  @Test("editing one path rewrites only the trees on it; emptied folders disappear")
  func treeEditor() throws {
    let repo = try TemporaryRepository(bare: true)
    let repository = try Repository.open(at: repo.path)
    let writer = try LooseObjectWriter(repository: repository)
    let one = try writer.write(Array("one\n".utf8), type: .blob)
    let two = try writer.write(Array("two\n".utf8), type: .blob)
    var first = TreeEditor()
    first.set("a/b/c.txt", to: one)
    first.set("a/d/e.txt", to: one)
    first.set("f/g.txt", to: one)
    let base = try first.write(base: nil, repository: repository, writer: writer)

    var second = TreeEditor()
    second.set("a/b/c.txt", to: two)
    second.remove("f/g.txt")
    let edited = try second.write(base: base, repository: repository, writer: writer)
    for (tree, name) in [(base, "base"), (edited, "edited")] {
      let commit = try repository.createCommit(
        tree: tree, parents: [], message: "\(name)\n", author: ("Test", "test@example.com"), time: 1_800_000_000)
      try repository.updateReference("refs/heads/\(name)", to: commit, expected: nil, logMessage: "test")
    }
    let listing = try repo.git(["ls-tree", "-r", "--name-only", "edited"]).stdout
    #expect(listing == "a/b/c.txt\na/d/e.txt\n")
    #expect(try repo.git(["cat-file", "blob", "edited:a/b/c.txt"]).stdout == "two\n")
    #expect(
      try repo.git(["rev-parse", "base:a/d"]).stdout == (try repo.git(["rev-parse", "edited:a/d"]).stdout), "untouched subtree kept")
    #expect(try repo.git(["rev-parse", "base:a/b"]).stdout != (try repo.git(["rev-parse", "edited:a/b"]).stdout))
    #expect(try repo.git(["fsck", "--strict", "--no-progress"], check: false).status == 0)
  }
}
