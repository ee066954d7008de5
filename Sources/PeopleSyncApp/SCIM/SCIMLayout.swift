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
  static func files(in tree: ObjectID, folder: String, repository: Repository) throws -> [(path: String, id: ObjectID)] {
    var files: [(path: String, id: ObjectID)] = []
    func walk(_ tree: ObjectID, _ path: String, depth: Int) throws {
      for entry in try repository.entries(of: tree).sorted(by: { $0.name < $1.name }) {
        if entry.kind == .tree, depth < 3 {
          try walk(entry.id, path + "/" + entry.name, depth: depth + 1)
        } else if entry.kind == .blob, depth >= 2 {
          files.append((path + "/" + entry.name, entry.id))
        }
      }
    }
    try walk(tree, folder, depth: 1)
    return files
  }
}
