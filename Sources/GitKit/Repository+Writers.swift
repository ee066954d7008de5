import PackKit

extension PackStack {
  /// A stack adding packs to `repository`; with `background`, merged by a thread of its own until `close`.
  public convenience init(repository: Repository, background: Bool = false, fanIn: Int = PackStack.defaultFanIn) throws {
    try self.init(gitDirectory: repository.gitDirectory, background: background, fanIn: fanIn)
  }
}

extension PackObjectWriter {
  /// A writer adding one pack to `repository`, whose handle lists the pack folder again once it is in place.
  public convenience init(repository: Repository) throws {
    try self.init(gitDirectory: repository.gitDirectory) { try repository.refreshObjects() }
  }
}

extension LooseObjectWriter {
  /// A writer into `repository`'s object database.
  public convenience init(repository: Repository) throws {
    try self.init(gitDirectory: repository.gitDirectory)
  }
}
