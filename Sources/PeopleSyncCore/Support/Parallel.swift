import Dispatch
import Foundation

/// Splits per-person work across the machine's cores. The results come back in order,
/// so output stays deterministic however the work was scheduled.
public enum Parallel {
  /// Below this many items one thread is faster than the hand-off.
  static let minimumPerChunk = 20_000

  /// Runs `body` on contiguous ranges of `0..<count` concurrently; returns the results in range order.
  static func chunks<T>(_ count: Int, threads: Int? = nil, _ body: (Range<Int>) -> T) -> [T] {
    let cores = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
    let chunkCount = cores == 1 ? 1 : max(1, min(cores * 2, count / minimumPerChunk))
    guard chunkCount > 1 else { return [body(0..<count)] }
    let size = (count + chunkCount - 1) / chunkCount
    return each(chunkCount, threads: cores) { chunk in body((chunk * size)..<min(count, (chunk + 1) * size)) }
  }

  /// Runs `body` for each of `0..<count` on all cores, one item at a time: for a few heavy items
  /// (the groups of a tenant, the chunks above). Results come back in index order.
  public static func each<T>(_ count: Int, threads: Int? = nil, _ body: (Int) -> T) -> [T] {
    let cores = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
    guard cores > 1, count > 1 else { return (0..<count).map(body) }
    let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer {
      results.deinitialize()
      results.deallocate()
    }
    // Each iteration writes only its own slot.
    nonisolated(unsafe) let slots = results
    withoutActuallyEscaping(body) { body in
      nonisolated(unsafe) let work = body
      DispatchQueue.concurrentPerform(iterations: count) { index in slots[index] = work(index) }
    }
    return results.map { $0! }
  }

  /// `each` for work that may fail: every item runs, then the first error in index order is thrown.
  public static func tryEach<T>(_ count: Int, threads: Int? = nil, _ body: (Int) throws -> T) throws -> [T] {
    try each(count, threads: threads) { index in Result { try body(index) } }.map { try $0.get() }
  }
}
