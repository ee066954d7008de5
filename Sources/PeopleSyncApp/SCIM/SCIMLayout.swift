import Foundation
import GitKit

/// Where a SCIM source keeps its resource files, under `tenants/<t>/sources/<s>/<Users|Groups>/`.
///
/// A new resource goes to `<ab>/<c>/<id>.json` (the first three characters of its id): 4,096
/// folders, so a write rewrites a folder of a few dozen entries at 100,000 users, where one level
/// of 256 folders held 400 (27 KB rewritten per write). Files written by earlier versions at
/// `<ab>/<id>.json` are read where they are and kept there when they change.
enum SCIMLayout {
  /// The path of a new resource `id` under `folder`.
  static func path(folder: String, id: String) -> String {
    let first = id.prefix(2)
    let second = id.dropFirst(2).prefix(1)
    return "\(folder)/\(first.isEmpty ? "_" : first)/\(second.isEmpty ? "_" : second)/\(id).json"
  }

  /// Every file stored under `folder` (whose tree is `tree`) in either layout, in path order
  /// (names sorted at each level): files in one or two levels of folders, none directly in `folder`.
  /// Folders whose tree is the one listed last time are not read again (`listings`): the server's
  /// sync after a burst of writes lists thousands of folders, most of them unchanged.
  static func files(in tree: ObjectID, folder: String, repository: Repository) throws -> [(path: String, id: ObjectID)] {
    var files: [(path: String, id: ObjectID)] = []
    try listings.append(tree, path: folder, depth: 1, repository: repository, to: &files)
    return files
  }

  static let listings = Listings()

  /// The files under each folder path at its last listed tree. Keyed by path and tree (the same
  /// tree at another path holds other paths); a folder listed again at another tree replaces its
  /// entry, so this holds one entry per folder of the SCIM sources listed.
  final class Listings: @unchecked Sendable {
    private let lock = NSLock()
    private var byPath: [String: (tree: ObjectID, files: [(path: String, id: ObjectID)])] = [:]

    func append(
      _ tree: ObjectID, path: String, depth: Int, repository: Repository, to files: inout [(path: String, id: ObjectID)]
    ) throws {
      if let known = lock.withLock({ byPath[path] }), known.tree == tree {
        files += known.files
        return
      }
      var mine: [(path: String, id: ObjectID)] = []
      var entries: [(name: String, isTree: Bool, id: ObjectID)] = []
      try repository.forEachEntryInRawTree(tree) { isTree, name, id in
        entries.append((String(decoding: name, as: UTF8.self), isTree, id))
      }
      for entry in entries.sorted(by: { $0.name < $1.name }) {
        if entry.isTree, depth < 3 {
          try append(entry.id, path: path + "/" + entry.name, depth: depth + 1, repository: repository, to: &mine)
        } else if !entry.isTree, depth >= 2 {
          mine.append((path + "/" + entry.name, entry.id))
        }
      }
      lock.withLock { byPath[path] = (tree, mine) }
      files += mine
    }
  }
}
