import Dispatch

/// Work started on another thread now and collected later: how the directory listing
/// overlaps reading and parsing the snapshots.
final class Background<Value>: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  // Written once by the worker before it signals; read only after the wait.
  private var result: Result<Value, Error>?

  init(_ work: @escaping @Sendable () throws -> Value) {
    DispatchQueue.global(qos: .userInitiated).async { [self] in
      result = Result { try work() }
      done.signal()
    }
  }

  /// Waits for the work and returns its value or rethrows its error.
  func value() throws -> Value {
    done.wait()
    done.signal()
    return try result!.get()
  }
}
