import BenchSupport
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// `peoplesync-scim-bench`: durable SCIM creates per second with keep-alive clients, and GET-by-id
/// latency with many users stored, for `peoplesync serve` and, in the same run, the Python
/// reference server `scim2-server`.
struct Options {
  var users = 100_000
  var clients = 16
  var creates = 20_000
  var referenceCreates = 4_000
  var gets = 20_000
  var peoplesync: String?
  var reference = true
  var follow = true
  var keep = false

  static let usage = """
    usage: peoplesync-scim-bench [--users N] [--clients N] [--creates N] [--reference-creates N] [--gets N]
                                 [--peoplesync PATH] [--no-reference] [--no-sync] [--keep]

    Starts `peoplesync serve` on a scratch repository and measures, with N keep-alive clients, how
    many users per second it creates (each acknowledged only once committed), then fills it to
    --users users and measures GET /Users/{id} latency (one client, then N). Then does the same
    with `scim2-server` (PyPI; in memory, no durability) and prints the ratios. --no-sync serves
    without the directory following the writes; --keep leaves the scratch repository in place.
    """

  static func parse(_ words: [String]) throws -> Options {
    var options = Options()
    var rest = words[...]
    func number(_ name: String) throws -> Int {
      guard let text = rest.popFirst(), let value = Int(text.replacingOccurrences(of: "k", with: "000")), value > 0 else {
        throw KeepAliveClient.Failure(description: "\(name) needs a positive number\n\n\(usage)")
      }
      return value
    }
    while let word = rest.popFirst() {
      switch word {
      case "--users": options.users = try number(word)
      case "--clients": options.clients = try number(word)
      case "--creates": options.creates = try number(word)
      case "--reference-creates": options.referenceCreates = try number(word)
      case "--gets": options.gets = try number(word)
      case "--peoplesync": options.peoplesync = rest.popFirst()
      case "--no-reference": options.reference = false
      case "--no-sync": options.follow = false
      case "--keep": options.keep = true
      case "--help", "-h":
        print(usage)
        exit(0)
      default: throw KeepAliveClient.Failure(description: "unknown option \(word)\n\n\(usage)")
      }
    }
    return options
  }
}

/// How the clients are driven. Each server is measured with both, because neither suits both:
/// a thread per client costs this machine's two cores a tenth of their time in the load
/// generator's own context switches, and driving every client from one thread slows down a
/// server that closes each connection after one answer (scim2-server's WSGI server speaks
/// HTTP/1.0), which then waits for the next connection's request.
enum Driver: CaseIterable {
  case oneThread
  case threadPerClient

  var name: String { self == .oneThread ? "one thread (poll)" : "a thread per client" }
}

struct Figures {
  var createsPerSecond: [Driver: Double] = [:]
  /// With fewer clients than asked for: scim2-server's accept queue holds five connections, and it
  /// closes each after one answer, so sixteen clients keep most of theirs waiting in SYN retries.
  var fewerClients: (clients: Int, perSecond: Double)?
  var best: Double { max(createsPerSecond.values.max() ?? 0, fewerClients?.perSecond ?? 0) }
  /// Server CPU time per timed create (user and system, all threads), in microseconds, by driver.
  var cpuPerCreate: [Driver: Double] = [:]
  var createErrors = 0
  var stored = 0
  var single: [Double] = []
  var concurrent: [Double] = []
  var peakMiB: Double?
  /// Seconds from the last write's answer until the directory's sync commit held it.
  var followLag: Double?
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
  sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

func log(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

/// The body of the create of user `index`.
func userBody(prefix: String, index: Int) -> String {
  #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(prefix)\#(index)@bench.example","name":{"givenName":"Bench","familyName":"User \#(index)"},"emails":[{"value":"\#(prefix)\#(index)@bench.example","type":"work","primary":true}],"active":true}"#
}

/// Creates `count` users from `clients` connections; returns ids created and the seconds it took.
func create(driver: Driver, port: Int, base: String, token: String, prefix: String, count: Int, clients: Int) -> (
  ids: [String], seconds: Double, errors: Int
) {
  switch driver {
  case .oneThread:
    var ids: [String] = []
    var errors = 0
    do {
      let seconds = try EventLoopLoad.run(port: port, clients: clients, count: count) { index in
        KeepAliveClient.request("POST", base + "/Users", port: port, token: token, body: userBody(prefix: prefix, index: index))
      } answered: { _, status, body in
        if status == 201, let id = KeepAliveClient.resourceID(in: body) { ids.append(id) } else { errors += 1 }
      }
      return (ids, seconds, errors)
    } catch {
      log("creates stopped: \(error)")
      return (ids, 1, count - ids.count)
    }
  case .threadPerClient:
    let lock = NSLock()
    nonisolated(unsafe) var ids: [String] = []
    nonisolated(unsafe) var errors = 0
    let start = Date()
    onThreads(clients) { worker in
      guard let client = try? KeepAliveClient(port: port) else { return }
      var mine: [String] = []
      var failed = 0
      for index in stride(from: worker, to: count, by: clients) {
        guard let response = try? client.send("POST", base + "/Users", token: token, body: userBody(prefix: prefix, index: index)),
          response.status == 201, let id = KeepAliveClient.resourceID(in: response.body)
        else {
          failed += 1
          continue
        }
        mine.append(id)
      }
      lock.withLock {
        ids += mine
        errors += failed
      }
    }
    return (ids, Date().timeIntervalSince(start), errors)
  }
}

/// GET latencies in milliseconds: `count` requests for random ids from `clients` connections.
func latencies(port: Int, base: String, token: String, ids: [String], count: Int, clients: Int) -> [Double] {
  let lock = NSLock()
  nonisolated(unsafe) var all: [Double] = []
  onThreads(clients) { worker in
    guard let client = try? KeepAliveClient(port: port) else { return }
    var generator = SystemRandomNumberGenerator()
    var mine: [Double] = []
    for _ in stride(from: worker, to: count, by: clients) {
      let id = ids.randomElement(using: &generator)!
      var start = timespec()
      var end = timespec()
      clock_gettime(CLOCK_MONOTONIC, &start)
      guard let response = try? client.send("GET", base + "/Users/" + id, token: token), response.status == 200 else { continue }
      clock_gettime(CLOCK_MONOTONIC, &end)
      mine.append(Double(end.tv_sec - start.tv_sec) * 1000 + Double(end.tv_nsec - start.tv_nsec) / 1e6)
    }
    lock.withLock { all += mine }
  }
  return all.sorted()
}

/// Times `creates` creates with `driver`; then, when `fillTo` asks for more users, fills up to
/// it and times GETs by id (after `settle`).
func measure(
  driver: Driver, port: Int, base: String, token: String, creates: Int, fillTo: Int?, options: Options, server: Spawned, name: String,
  into figures: inout Figures, settle: () -> Double? = { nil }
) {
  log("\(name): \(creates) creates from \(options.clients) clients, driven from \(driver.name)")
  let prefix = driver == .oneThread ? "timed" : "threads"
  let cpuBefore = server.cpuSeconds
  let timed = create(driver: driver, port: port, base: base, token: token, prefix: prefix, count: creates, clients: options.clients)
  figures.createsPerSecond[driver] = Double(timed.ids.count) / timed.seconds
  if let before = cpuBefore, let after = server.cpuSeconds, !timed.ids.isEmpty {
    figures.cpuPerCreate[driver] = (after - before) / Double(timed.ids.count) * 1e6
  }
  figures.createErrors += timed.errors
  figures.peakMiB = max(figures.peakMiB ?? 0, server.peakMiB ?? 0)
  guard let fillTo else { return }
  var ids = timed.ids
  if fillTo > ids.count {
    log("\(name): filling to \(fillTo) users")
    ids +=
      create(driver: .oneThread, port: port, base: base, token: token, prefix: "fill", count: fillTo - ids.count, clients: options.clients)
      .ids
  }
  figures.stored = ids.count
  figures.followLag = settle()
  log("\(name): \(options.gets) GETs by id, one client, then \(options.clients)")
  figures.single = latencies(port: port, base: base, token: token, ids: ids, count: options.gets, clients: 1)
  figures.concurrent = latencies(port: port, base: base, token: token, ids: ids, count: options.gets, clients: options.clients)
  figures.peakMiB = max(figures.peakMiB ?? 0, server.peakMiB ?? 0)
}

func row(_ name: String, _ figures: Figures) -> String {
  func ms(_ values: [Double], _ p: Double) -> String { String(format: "%.2f", percentile(values, p)) }
  let rates = Driver.allCases.map { figures.createsPerSecond[$0].map { String(format: "%.0f", $0) } ?? "–" }
  return "| \(name) | \(rates.joined(separator: " | ")) | \(figures.createErrors) | \(figures.stored) | "
    + "\(ms(figures.single, 0.5)) / \(ms(figures.single, 0.99)) / \(ms(figures.single, 1)) | "
    + "\(ms(figures.concurrent, 0.5)) / \(ms(figures.concurrent, 0.99)) | \(figures.peakMiB.map { String(format: "%.0f", $0) } ?? "?") |"
}

/// A bare clone of the seed repository with a token for tenant `bench`, served by `peoplesync serve`.
func startServer(peoplesync: String, seed: String, root: String, name: String, options: Options) throws -> (
  server: Spawned, repo: String, token: String, port: Int
) {
  // Served bare, as the README says to: the server owns the files, and no working tree follows.
  let repo = root + "/" + name + ".git"
  _ = try Spawned.run(["git", "clone", "-q", "--bare", seed, repo], scratch: root)
  let token =
    try Spawned.run([peoplesync, "scim-token", "--tenant", "bench", "--repo", repo], scratch: root).split(separator: "\n").last.map(
      String.init) ?? ""
  let server = try Spawned.start(
    [peoplesync, "serve", "--repo", repo, "--port", "0"] + (options.follow ? [] : ["--no-sync"]), output: root + "/\(name).out")
  let line = try server.waitFor("listening on")
  guard let found = line.range(of: #"127\.0\.0\.1:\d+"#, options: .regularExpression), let port = Int(line[found].split(separator: ":")[1])
  else {
    throw KeepAliveClient.Failure(description: "no port in '\(line)'")
  }
  return (server, repo, token, port)
}

func main() throws {
  let options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
  let peoplesync = options.peoplesync ?? ProductBinary.locate()
  let root = FileManager.default.temporaryDirectory.appendingPathComponent("peoplesync-scim-bench-\(UUID().uuidString.prefix(8))").path
  try FileManager.default.createDirectory(atPath: root + "/seed/tenants/bench", withIntermediateDirectories: true)
  defer {
    if options.keep { log("kept \(root)") } else { try? FileManager.default.removeItem(atPath: root) }
  }
  try #"{ "displayName": "Bench", "timeZone": "UTC", "encryption": { "enabled": false }, "sources": [{ "name": "idp", "kind": "scim" }] }"#
    .write(toFile: root + "/seed/tenants/bench/tenant.json", atomically: true, encoding: .utf8)
  let seed = root + "/seed"
  _ = try Spawned.run(["git", "-C", seed, "init", "-q", "-b", "main"], scratch: root)
  _ = try Spawned.run(["git", "-C", seed, "add", "-A"], scratch: root)
  _ = try Spawned.run(
    ["git", "-C", seed, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-qm", "bench tenant"], scratch: root)
  // Each load generator on a server of its own, on an empty repository: the timed creates are
  // the first users either server stores. Then the first is filled up and its GETs timed.
  var ours = Figures()
  let (serve, repo, token, port) = try startServer(peoplesync: peoplesync, seed: seed, root: root, name: "repo", options: options)
  measure(
    driver: .oneThread, port: port, base: "/scim/v2/bench", token: token, creates: options.creates, fillTo: options.users,
    options: options, server: serve, name: "peoplesync serve", into: &ours
  ) {
    // GETs are timed once the directory has followed the last writes (its sync commit is the branch's
    // last), not while that sync of the whole tenant runs.
    guard options.follow else { return nil }
    let start = Date()
    while Date() < start.addingTimeInterval(120) {
      let subject = (try? Spawned.run(["git", "-C", repo, "log", "-1", "--format=%s", "main"], scratch: root)) ?? ""
      if subject.hasPrefix("sync ") { return Date().timeIntervalSince(start) }
      usleep(20_000)
    }
    log("peoplesync serve: the directory had not followed the writes after two minutes; timing GETs anyway")
    return nil
  }
  serve.stop()
  let commits =
    (try? Spawned.run(["git", "-C", repo, "rev-list", "--count", "main"], scratch: root))?.trimmingCharacters(in: .whitespacesAndNewlines)
    ?? "?"
  let fsck = (try? Spawned.run(["git", "-C", repo, "fsck", "--strict", "--no-progress"], scratch: root)) != nil ? "passes" : "FAILS"
  let second = try startServer(peoplesync: peoplesync, seed: seed, root: root, name: "threads", options: options)
  measure(
    driver: .threadPerClient, port: second.port, base: "/scim/v2/bench", token: second.token, creates: options.creates, fillTo: nil,
    options: options, server: second.server, name: "peoplesync serve", into: &ours)
  second.server.stop()

  var reference: Figures?
  if options.reference {
    let referencePort = Spawned.freePort()
    let python = try Spawned.start(
      ["scim2-server", "--hostname", "127.0.0.1", "--port", "\(referencePort)", "--bearer-token", "reference-token"],
      output: root + "/scim2-server.out")
    try Spawned.waitForPort(referencePort)
    var figures = Figures()
    measure(
      driver: .threadPerClient, port: referencePort, base: "/v2", token: "reference-token", creates: options.referenceCreates, fillTo: nil,
      options: options, server: python, name: "scim2-server", into: &figures)
    measure(
      driver: .oneThread, port: referencePort, base: "/v2", token: "reference-token", creates: options.referenceCreates,
      fillTo: options.referenceCreates * 2, options: options, server: python, name: "scim2-server", into: &figures)
    let fewer = min(4, options.clients)
    log("scim2-server: \(options.referenceCreates) creates from \(fewer) clients")
    let timed = create(
      driver: .threadPerClient, port: referencePort, base: "/v2", token: "reference-token", prefix: "fewer",
      count: options.referenceCreates,
      clients: fewer)
    figures.fewerClients = (fewer, Double(timed.ids.count) / timed.seconds)
    figures.createErrors += timed.errors
    reference = figures
    python.stop()
  }

  print("SCIM benchmark: \(options.clients) keep-alive clients, \(ProcessInfo.processInfo.activeProcessorCount) cores, release build")
  print("")
  print(
    "| server | creates/s, clients driven from \(Driver.oneThread.name) | creates/s, \(Driver.threadPerClient.name) | failed creates "
      + "| users stored | GET ms p50 / p99 / max (1 client) | GET ms p50 / p99 (\(options.clients) clients) | peak MiB |"
  )
  print("|---|---:|---:|---:|---:|---:|---:|---:|")
  print(row("peoplesync serve (durable: committed before the answer)", ours))
  if let reference { print(row("scim2-server 0.8.3 (in memory)", reference)) }
  print("")
  print("peoplesync: \(commits) commits for \(ours.stored) creates (group commit); git fsck --strict \(fsck)")
  let cpu = Driver.allCases.compactMap { driver in ours.cpuPerCreate[driver].map { String(format: "%.0f µs", $0) + " (\(driver.name))" } }
  if !cpu.isEmpty { print("peoplesync: server CPU per timed create: \(cpu.joined(separator: ", "))") }
  if let lag = ours.followLag {
    print(String(format: "peoplesync: the directory held the last of the %d users %.1f s after its create was answered", ours.stored, lag))
  }
  if let reference, let fewer = reference.fewerClients {
    print(String(format: "scim2-server with %d clients (a thread each): %.0f creates/s", fewer.clients, fewer.perSecond))
  }
  if let reference {
    let same = Driver.allCases.map { driver in
      String(format: "%.1fx", (ours.createsPerSecond[driver] ?? 0) / (reference.createsPerSecond[driver] ?? 1)) + " with " + driver.name
    }
    print(
      String(format: "throughput ratio peoplesync / scim2-server, each at its best of the above: %.1fx", ours.best / reference.best)
        + " (\(options.clients) clients and the same load generator for both: \(same.joined(separator: ", ")))")
  }
}

do {
  try main()
} catch {
  log("peoplesync-scim-bench: \(error)")
  exit(1)
}
