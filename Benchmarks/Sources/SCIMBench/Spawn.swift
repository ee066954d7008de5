import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Child processes for the benchmark: started with posix_spawn, output to files, reaped by pid.
struct Spawned {
  let pid: pid_t
  let output: String

  static func start(_ arguments: [String], output: String) throws -> Spawned {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let argv = arguments.map { strdup($0) } + [nil]
    let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      environment.forEach { free($0) }
    }
    var pid: pid_t = 0
    let status = posix_spawnp(&pid, arguments[0], &actions, nil, argv, environment)
    guard status == 0 else {
      throw KeepAliveClient.Failure(description: "cannot start \(arguments[0]): \(String(cString: strerror(status)))")
    }
    return Spawned(pid: pid, output: output)
  }

  /// Runs to the end; the output's text, or an error with it when the exit status is not 0.
  static func run(_ arguments: [String], scratch: String) throws -> String {
    let output = scratch + "/.spawn-\(UUID().uuidString.prefix(8)).out"
    let child = try start(arguments, output: output)
    let status = child.wait()
    let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    try? FileManager.default.removeItem(atPath: output)
    guard status == 0 else { throw KeepAliveClient.Failure(description: "\(arguments.joined(separator: " ")) failed: \(text)") }
    return text
  }

  @discardableResult
  func wait() -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return status
  }

  /// Peak resident memory so far, in MiB (VmHWM).
  var peakMiB: Double? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
      let kib = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return nil }
    return kib / 1024
  }

  /// User and system CPU time the process has used so far, in seconds (all its threads).
  var cpuSeconds: Double? {
    // After the command name in parentheses: state is field 3, utime and stime fields 14 and 15.
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else {
      return nil
    }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
  }

  func stop() {
    kill(pid, SIGTERM)
    wait()
  }

  /// Waits until a line of the output contains `text`.
  func waitFor(_ text: String, timeout: TimeInterval = 60) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if let line = (try? String(contentsOfFile: output, encoding: .utf8))?.split(separator: "\n").first(where: { $0.contains(text) }) {
        return String(line)
      }
      usleep(20_000)
    }
    throw KeepAliveClient.Failure(
      description: "no '\(text)' from \(output): \((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")")
  }

  /// Waits until something accepts connections on the port.
  static func waitForPort(_ port: Int, timeout: TimeInterval = 60) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if (try? KeepAliveClient(port: port)) != nil { return }
      usleep(50_000)
    }
    throw KeepAliveClient.Failure(description: "nothing listens on \(port)")
  }

  static func freePort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    return Int(UInt16(bigEndian: address.sin_port))
  }
}

/// Runs `body(0..<count)` on `count` threads of their own, all at once (`concurrentPerform` would
/// run only as many at a time as there are cores), and waits for them.
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
  let group = DispatchGroup()
  for index in 0..<count {
    group.enter()
    Thread {
      body(index)
      group.leave()
    }.start()
  }
  group.wait()
}
