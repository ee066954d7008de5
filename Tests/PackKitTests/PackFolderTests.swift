import Foundation
import TestSupport
import Testing

@testable import PackKit

@Suite("pack folder")
struct PackFolderTests {
  @Test func placedFilesReadBackWhole() throws {
    let folder = try TemporaryDirectory()
    let packs = try PackFolder(folder.path + "/objects/pack")
    let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }
    try packs.place(bytes, as: "pack-a.pack")
    #expect(try packs.read("pack-a.pack", size: bytes.count) == bytes)
    try packs.place([], as: "pack-b.pack")
    #expect(try packs.read("pack-b.pack", size: 0) == [])
    // Read-only, and no temporary file left behind.
    let names = try FileManager.default.contentsOfDirectory(atPath: packs.path).sorted()
    #expect(names == ["pack-a.pack", "pack-b.pack"])
    let mode = try FileManager.default.attributesOfItem(atPath: packs.path + "/pack-a.pack")[.posixPermissions] as? Int
    #expect(mode.map { $0 & 0o222 == 0 } == true)
  }

  @Test func aShortOrMissingFileIsAnErrorNamingIt() throws {
    let folder = try TemporaryDirectory()
    let packs = try PackFolder(folder.path)
    try packs.place(Array("twelve bytes".utf8), as: "pack-c.pack")
    let short = #expect(throws: GitError.self) { try packs.read("pack-c.pack", size: 13) }
    #expect(short?.message.contains("pack-c.pack: it is shorter than written") == true)
    let missing = #expect(throws: GitError.self) { try packs.read("pack-d.pack", size: 1) }
    #expect(missing?.message.contains("pack-d.pack") == true)
  }
}
