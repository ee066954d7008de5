import PackKit

/// Picks where new objects go.
public enum ObjectWriters {
  /// Below this many objects, loose files are cheaper than a pack and keep packs from piling up.
  public static let packThreshold = 1000
  /// Up to this many objects, a handle with a stack of small packs writes them there.
  public static let stackThreshold = 50_000

  /// A pack writer for large batches (or large contents); loose objects otherwise, or a small
  /// pack when the repository handle has a stack for them.
  public static func make(for repository: Repository, objects: Int, bytes: Int = 0) throws -> ObjectWriter {
    // A server's stack takes the syncs that follow its writes (thousands of people a second) too:
    // deflating them took a twentieth of its committer's time, and its merges are compressed by `git gc`.
    if let stack = repository.smallWrites, objects < stackThreshold, bytes < 8 << 20 { return BatchPackWriter(stack: stack) }
    if objects >= packThreshold || bytes >= 8 << 20 { return try PackObjectWriter(repository: repository) }
    return try LooseObjectWriter(repository: repository)
  }
}
