import CLibGit2
import Foundation

/// A working tree's index, read on a thread of its own while a command does its other work.
///
/// Reading an index parses every entry of it: a tenth of a second and more for a hundred thousand
/// files. A sync that brings the working files up to date after its commit would otherwise wait for
/// that at its end; read while it plans, the index is ready by then (`updateWorkingFiles` reads it
/// again only if the file changed meanwhile).
final class IndexPreload: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  private var index: OpaquePointer?
  private var error: Error?
  private var taken = false

  /// Starts reading the index file at `path` (none there reads as an empty index).
  init(path: String) {
    let thread = Thread { [self] in
      var handle: OpaquePointer?
      do {
        try check(git_index_open(&handle, path), "reading the index \(path)")
        index = handle
      } catch {
        self.error = error
      }
      done.signal()
    }
    thread.name = "peoplesync-index"
    thread.start()
  }

  deinit {
    if !taken {
      done.wait()
      git_index_free(index)
    }
  }

  /// The index, once read; the caller frees it.
  func take() throws -> OpaquePointer {
    done.wait()
    taken = true
    if let error { throw error }
    return index!
  }
}

extension Repository {
  /// Starts reading the working tree's index in the background, for the next `updateWorkingFiles`
  /// on this handle. Nothing for a bare repository.
  public func preloadIndex() {
    guard workingDirectory != nil, indexPreload == nil else { return }
    indexPreload = IndexPreload(path: gitDirectory + "index")
  }
}
