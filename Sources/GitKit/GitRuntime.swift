import CLibGit2
import PackKit

/// libgit2's process-wide initialisation, done once before any repository is opened.
enum GitRuntime {
  /// Initialises libgit2 and sets the global options, exactly once.
  static let ready: Void = {
    git_libgit2_init()
    // Directory shard trees are larger than libgit2's default 4 KiB tree cache
    // limit; without this every lookup re-parses them.
    _ = peoplesync_git_set_cache_object_limit(GIT_OBJECT_TREE, 1 << 20)
    // Each tree is read about once per run; a small cache keeps a million-person sync under 1 GiB.
    _ = peoplesync_git_set_cache_max_size(64 << 20)
    // We only ever reference objects we have just written or read, so the
    // existence checks of strict creation are pure cost.
    _ = peoplesync_git_enable_strict_object_creation(0)
    // Pack files are read through mapped windows; every touched page counts as resident
    // memory. Smaller windows under a cap keep a sync that reads scattered entries in bounds.
    _ = peoplesync_git_set_mwindow_size(32 << 20)
    _ = peoplesync_git_set_mwindow_mapped_limit(192 << 20)
    // Re-hashing every object read (a 180 MB snapshot, tens of thousands of trees) is what
    // `git fsck` is for; reads trust the object store, as git itself does.
    _ = peoplesync_git_enable_strict_hash_verification(0)
    // What libgit2 writes itself (commit objects, reference updates) is fsync'd with the folder
    // holding it, so that a reference never points at objects a power loss could take away.
    _ = peoplesync_git_enable_fsync_gitdir(Durability.enabled ? 1 : 0)
  }()
}
