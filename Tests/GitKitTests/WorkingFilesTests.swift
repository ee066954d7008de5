import Foundation
import GitKit
import TestSupport
import Testing

/// The blobs two trees differ in, and a working tree brought from one to the other, checked by the real `git`.
@Suite("working files")
struct WorkingFilesTests {
  /// A seeded set of paths and contents, with names that sort differently as files and as folders.
  static func files(seed: UInt64) -> [String: String] {
    var state = seed
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(state >> 33) % bound
    }
    let names = ["a", "a.json", "a-b", "b", "k", "people", "people.json", "z"]
    var files: [String: String] = [:]
    for _ in 0..<40 {
      let depth = 1 + next(3)
      let path = (0..<depth).map { _ in names[next(names.count)] }.joined(separator: "/")
      // A path that would be both a file and a folder keeps the first.
      guard !files.keys.contains(where: { $0.hasPrefix(path + "/") || path.hasPrefix($0 + "/") }) else { continue }
      files[path] = "content \(next(4))\n"
    }
    return files
  }

  static func commit(_ files: [String: String], in repo: TemporaryRepository) throws -> (commit: String, tree: ObjectID) {
    _ = try repo.git(["rm", "-rq", "--cached", "--ignore-unmatch", "."])
    for item in try FileManager.default.contentsOfDirectory(atPath: repo.path) where item != ".git" {
      try FileManager.default.removeItem(atPath: repo.path + "/" + item)
    }
    for (path, contents) in files { try repo.write(path, contents) }
    let commit = try repo.commitAll("files")
    let tree = try repo.git(["rev-parse", "\(commit)^{tree}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    return (commit, ObjectID(hex: tree)!)
  }

  @Test("changedBlobs walks both trees side by side and finds what git diff-tree finds", arguments: [1, 2, 3, 4] as [UInt64])
  func changedBlobsMatchGit(seed: UInt64) throws {
    let repo = try TemporaryRepository()
    let before = try Self.commit(Self.files(seed: seed), in: repo)
    var changed = Self.files(seed: seed + 100)
    // A file that becomes a folder, and the other way round.
    changed = changed.filter { !$0.key.hasPrefix("k") }
    changed["k/inside"] = "now a folder\n"
    let after = try Self.commit(changed, in: repo)
    let repository = try Repository.open(at: repo.path)
    var found: Set<String> = []
    try repository.changedBlobs(from: before.tree, to: after.tree) { blob in
      found.insert("\(blob.path) \(blob.old?.hex ?? "-") \(blob.new?.hex ?? "-")")
    }
    let zero = String(repeating: "0", count: 40)
    let expected = Set(
      try repo.git(["diff-tree", "-r", "--no-renames", "--no-abbrev", before.commit, after.commit]).stdout.split(separator: "\n").map {
        line -> String in
        // ":100644 100644 <old> <new> M\t<path>"
        let (meta, path) = (line.split(separator: "\t")[0].split(separator: " "), line.split(separator: "\t")[1])
        let (old, new) = (String(meta[2]), String(meta[3]))
        return "\(path) \(old == zero ? "-" : old) \(new == zero ? "-" : new)"
      })
    #expect(!expected.isEmpty)
    #expect(found == expected)
  }

  /// What `git` prints given `input`, trimmed.
  static func git(_ arguments: [String], input: String, in repo: TemporaryRepository) throws -> String {
    let result = try Shell.run(["git"] + arguments, in: repo.path, input: Data(input.utf8))
    #expect(result.status == 0, "\(result.transcript)")
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  @Test("an index read ahead that git changes meanwhile is read again: what a user staged is kept")
  func preloadedIndexChangedMeanwhile() throws {
    let repo = try TemporaryRepository()
    let before = try Self.commit(["a.txt": "1\n", "b.txt": "b\n"], in: repo)
    let blob = try Self.git(["hash-object", "-w", "--stdin"], input: "2\n", in: repo)
    let b = try repo.git(["rev-parse", "HEAD:b.txt"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let tree = try Self.git(["mktree"], input: "100644 blob \(blob)\ta.txt\n100644 blob \(b)\tb.txt\n", in: repo)
    let repository = try Repository.open(at: repo.path)
    repository.preloadIndex()
    Thread.sleep(forTimeInterval: 0.3)
    try repo.write("staged.txt", "mine\n")
    try repo.git(["add", "staged.txt"])
    var changes: [ChangedBlob] = []
    try repository.changedBlobs(from: before.tree, to: ObjectID(hex: tree)!) { changes.append($0) }
    let outcome = try repository.updateWorkingFiles(changes)
    #expect(outcome.written == 1)
    #expect(try String(contentsOfFile: repo.path + "/a.txt", encoding: .utf8) == "2\n")
    #expect(try repo.git(["ls-files", "-s", "a.txt"]).stdout.contains(blob))
    #expect(try repo.git(["ls-files", "staged.txt"]).stdout == "staged.txt\n", "the file the user staged is still staged")
  }

  @Test("paths new to the tree and the index: an untracked file or a link found there is left alone, the rest is created")
  func newPathsTakenByTheUser() throws {
    let repo = try TemporaryRepository()
    let before = try Self.commit(["a.txt": "a\n"], in: repo)
    let outside = repo.folder.url.appendingPathComponent("outside.txt").path
    try "outside\n".write(toFile: outside, atomically: false, encoding: .utf8)
    try repo.write("new/mine.txt", "mine\n")
    try repo.write("new/same.txt", "same\n")
    try FileManager.default.createSymbolicLink(atPath: repo.path + "/new/link.txt", withDestinationPath: outside)
    var lines = "100644 blob \(try repo.git(["rev-parse", "HEAD:a.txt"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))\ta.txt\n"
    var blobs: [String: String] = [:]
    for (name, content) in [("fresh.txt", "fresh\n"), ("link.txt", "theirs\n"), ("mine.txt", "theirs\n"), ("same.txt", "same\n")] {
      blobs[name] = try Self.git(["hash-object", "-w", "--stdin"], input: content, in: repo)
    }
    let newTree = try Self.git(
      ["mktree"], input: blobs.keys.sorted().map { "100644 blob \(blobs[$0]!)\t\($0)\n" }.joined(), in: repo)
    lines += "040000 tree \(newTree)\tnew\n"
    let tree = try Self.git(["mktree"], input: lines, in: repo)
    let repository = try Repository.open(at: repo.path)
    var changes: [ChangedBlob] = []
    try repository.changedBlobs(from: before.tree, to: ObjectID(hex: tree)!) { changes.append($0) }
    #expect(changes.count == 4 && changes.allSatisfy { $0.old == nil })
    let outcome = try repository.updateWorkingFiles(changes)
    #expect(outcome.written == 1 && outcome.current == 1 && outcome.kept == ["new/link.txt", "new/mine.txt"])
    #expect(try String(contentsOfFile: repo.path + "/new/fresh.txt", encoding: .utf8) == "fresh\n")
    #expect(try String(contentsOfFile: repo.path + "/new/mine.txt", encoding: .utf8) == "mine\n")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: repo.path + "/new/link.txt") == outside)
    #expect(try String(contentsOfFile: outside, encoding: .utf8) == "outside\n")
    // The index follows the tree; git sees the user's two files as changed, nothing else.
    for name in blobs.keys { #expect(try repo.git(["ls-files", "-s", "new/" + name]).stdout.contains(blobs[name]!)) }
    #expect(try repo.git(["diff", "--name-only"]).stdout == "new/link.txt\nnew/mine.txt\n")
  }
}
