import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// A long-running program (`peoplesync serve`) started with posix_spawn rather than Foundation's
/// Process: while a Process child runs, Foundation's reaping can block other Process waits.
public final class ServerProcess: @unchecked Sendable {
  public let pid: pid_t
  public let output: String
  public let errors: String
  private var reaped = false

  public init(_ arguments: [String], folder: String, environment: [String: String] = [:]) throws {
    output = folder + "/server-\(UUID().uuidString.prefix(8)).out"
    errors = output.replacingOccurrences(of: ".out", with: ".err")
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var child: pid_t = 0
    let status = posix_spawn(&child, arguments[0], &actions, nil, argv, envp)
    guard status == 0 else { throw TestFailure("posix_spawn \(arguments[0]): \(String(cString: strerror(status)))") }
    pid = child
  }

  /// Waits until standard output has a line containing `text`, and returns that line.
  public func waitForLine(containing text: String, timeout: TimeInterval = 30) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if let found = (try? String(contentsOfFile: output, encoding: .utf8))?.split(separator: "\n").first(where: { $0.contains(text) }) {
        return String(found)
      }
      guard isRunning else { throw TestFailure("the server ended: \(transcript)") }
      usleep(20_000)
    }
    throw TestFailure("no line with '\(text)' after \(timeout)s: \(transcript)")
  }

  public var transcript: String {
    "stdout: \((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")\nstderr: \((try? String(contentsOfFile: errors, encoding: .utf8)) ?? "")"
  }

  public var isRunning: Bool {
    guard !reaped else { return false }
    var status: Int32 = 0
    if waitpid(pid, &status, WNOHANG) == pid {
      reaped = true
      exitStatus = status
      return false
    }
    return true
  }

  public private(set) var exitStatus: Int32?

  /// Sends `signal` and waits for the process to end; returns its raw wait status.
  @discardableResult
  public func stop(_ signal: Int32 = SIGTERM, timeout: TimeInterval = 30) -> Int32? {
    guard isRunning else { return exitStatus }
    kill(pid, signal)
    let deadline = Date().addingTimeInterval(timeout)
    while isRunning, Date() < deadline { usleep(10_000) }
    if isRunning {
      kill(pid, SIGKILL)
      var status: Int32 = 0
      waitpid(pid, &status, 0)
      reaped = true
      exitStatus = status
    }
    return exitStatus
  }

  deinit { if !reaped { stop(SIGKILL, timeout: 5) } }
}

/// A small synchronous client over URLSession, the real HTTP client of Foundation.
public final class HTTPTestClient: @unchecked Sendable {
  public struct Response: Sendable {
    public let status: Int
    public let headers: [String: String]
    public let body: String
    public func header(_ name: String) -> String? { headers.first { $0.key.lowercased() == name.lowercased() }?.value }
  }

  let session: URLSession
  public let base: String
  public var token: String?

  public init(base: String, token: String? = nil) {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.httpMaximumConnectionsPerHost = 64
    configuration.timeoutIntervalForRequest = 60
    session = URLSession(configuration: configuration)
    self.base = base
    self.token = token
  }

  /// Sends a request (JSON body as text) and waits for the answer.
  public func send(
    _ method: String, _ path: String, body: String? = nil, contentType: String = "application/scim+json", headers: [String: String] = [:]
  ) throws -> Response {
    guard let url = URL(string: path.hasPrefix("http") ? path : base + path) else { throw TestFailure("bad URL \(path)") }
    var request = URLRequest(url: url)
    request.httpMethod = method
    if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    if let body {
      request.httpBody = Data(body.utf8)
      request.setValue(contentType, forHTTPHeaderField: "Content-Type")
    }
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    nonisolated(unsafe) var result: Result<Response, Error> = .failure(TestFailure("no answer"))
    let done = DispatchSemaphore(value: 0)
    session.dataTask(with: request) { data, response, error in
      if let error {
        result = .failure(error)
      } else if let response = response as? HTTPURLResponse {
        var headers: [String: String] = [:]
        for (key, value) in response.allHeaderFields { headers["\(key)"] = "\(value)" }
        result = .success(Response(status: response.statusCode, headers: headers, body: String(decoding: data ?? Data(), as: UTF8.self)))
      }
      done.signal()
    }.resume()
    done.wait()
    return try result.get()
  }
}

/// Runs `body(0..<count)` on `count` threads of their own, all at once, and waits for them:
/// `concurrentPerform` would run only as many at a time as there are cores.
public func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
  let group = DispatchGroup()
  for index in 0..<count {
    group.enter()
    let thread = Thread {
      body(index)
      group.leave()
    }
    thread.stackSize = 1 << 20
    thread.start()
  }
  group.wait()
}
