import Foundation

/// Wall-clock timings of the named phases, printed to stderr when `PEOPLESYNC_TIMINGS=1`:
/// how the benchmark's "where the time goes" is measured.
enum PhaseTimer {
  static let enabled = ProcessInfo.processInfo.environment["PEOPLESYNC_TIMINGS"] == "1"

  /// Runs `body`, and reports how long it took when timings are on.
  static func measure<T>(_ phase: @autoclosure () -> String, _ body: () throws -> T) rethrows -> T {
    guard enabled else { return try body() }
    let start = DispatchTime.now().uptimeNanoseconds
    defer {
      let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      FileHandle.standardError.write(Data("timing: \(phase()): \(String(format: "%.3f", elapsed)) s\(memory())\n".utf8))
    }
    return try body()
  }

  /// Resident and peak memory from /proc, when there is one.
  static func memory() -> String {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "" }
    func field(_ name: String) -> String {
      status.split(separator: "\n").first { $0.hasPrefix(name) }.map { $0.dropFirst(name.count).trimmingCharacters(in: .whitespaces) }
        ?? "?"
    }
    return " (rss \(field("VmRSS:")) of which anonymous \(field("RssAnon:")), peak \(field("VmHWM:")))"
  }
}
