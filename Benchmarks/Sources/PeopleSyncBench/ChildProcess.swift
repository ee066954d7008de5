import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// What one child process cost, measured by the kernel.
struct Measurement: Sendable {
  var status: Int32
  var wallSeconds: Double
  /// Peak resident set size of the child, from `wait4`'s `ru_maxrss` (KiB on Linux).
  var peakRSSKiB: Int
  var userSeconds: Double
  var systemSeconds: Double

  var cpuSeconds: Double { userSeconds + systemSeconds }
  var peakRSSMiB: Double { Double(peakRSSKiB) / 1024 }
}

/// Runs programs with `posix_spawn` and reaps them with `wait4`, so each child's own peak
/// RSS and CPU time are known (Foundation's `Process` reaps children itself and hides them).
enum ChildProcess {
  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  /// Runs `arguments` with stdout and stderr sent to files, and waits for it.
  static func run(_ arguments: [String], environment: [String: String] = [:], stdout: String, stderr: String) throws -> Measurement {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

    var merged = ProcessInfo.processInfo.environment
    for (key, value) in environment { merged[key] = value }
    let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = merged.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      for pointer in argv { free(pointer) }
      for pointer in envp { free(pointer) }
    }

    var pid: pid_t = 0
    let start = DispatchTime.now().uptimeNanoseconds
    // posix_spawnp searches PATH for bare names such as `git`.
    let rc = posix_spawnp(&pid, arguments[0], &actions, nil, argv, envp)
    guard rc == 0 else { throw Failure(description: "cannot start \(arguments[0]): \(String(cString: strerror(rc)))") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
      guard errno == EINTR else { throw Failure(description: "wait4 failed: \(String(cString: strerror(errno)))") }
    }
    let end = DispatchTime.now().uptimeNanoseconds
    // WIFEXITED / WEXITSTATUS are macros Swift cannot import.
    let exitCode: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
    return Measurement(
      status: exitCode, wallSeconds: Double(end - start) / 1_000_000_000, peakRSSKiB: Int(usage.ru_maxrss),
      userSeconds: seconds(usage.ru_utime), systemSeconds: seconds(usage.ru_stime))
  }
}
