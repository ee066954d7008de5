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

struct Figures {
  var createsPerSecond = 0.0
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

/// Creates `count` users from `clients` connections; returns ids created and the seconds it took.
func create(port: Int, base: String, token: String, prefix: String, count: Int, clients: Int) -> (
  ids: [String], seconds: Double, errors: Int
) {
  let lock = NSLock()
  nonisolated(unsafe) var ids: [String] = []
  nonisolated(unsafe) var errors = 0
  let start = Date()
  onThreads(clients) { worker in
    guard let client = try? KeepAliveClient(port: port) else { return }
    var mine: [String] = []
    var failed = 0
    for index in stride(from: worker, to: count, by: clients) {
      let body =
        #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(prefix)\#(index)@bench.example","name":{"givenName":"Bench","familyName":"User \#(index)"},"emails":[{"value":"\#(prefix)\#(index)@bench.example","type":"work","primary":true}],"active":true}"#
      guard let response = try? client.send("POST", base + "/Users", token: token, body: body), response.status == 201,
        let id = KeepAliveClient.resourceID(in: response.body)
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

func measure(
  port: Int, base: String, token: String, creates: Int, fillTo: Int, options: Options, server: Spawned, name: String,
  settle: () -> Double? = { nil }
) -> Figures {
  var figures = Figures()
  log("\(name): \(creates) creates from \(options.clients) clients")
  let timed = create(port: port, base: base, token: token, prefix: "timed", count: creates, clients: options.clients)
  figures.createsPerSecond = Double(timed.ids.count) / timed.seconds
  figures.createErrors = timed.errors
  var ids = timed.ids
  if fillTo > ids.count {
    log("\(name): filling to \(fillTo) users")
    ids += create(port: port, base: base, token: token, prefix: "fill", count: fillTo - ids.count, clients: options.clients).ids
  }
  figures.stored = ids.count
  figures.followLag = settle()
  log("\(name): \(options.gets) GETs by id, one client, then \(options.clients)")
  figures.single = latencies(port: port, base: base, token: token, ids: ids, count: options.gets, clients: 1)
  figures.concurrent = latencies(port: port, base: base, token: token, ids: ids, count: options.gets, clients: options.clients)
  figures.peakMiB = server.peakMiB
  return figures
}

func row(_ name: String, _ figures: Figures) -> String {
  func ms(_ values: [Double], _ p: Double) -> String { String(format: "%.2f", percentile(values, p)) }
  return "| \(name) | \(String(format: "%.0f", figures.createsPerSecond)) | \(figures.createErrors) | \(figures.stored) | "
    + "\(ms(figures.single, 0.5)) / \(ms(figures.single, 0.99)) / \(ms(figures.single, 1)) | "
    + "\(ms(figures.concurrent, 0.5)) / \(ms(figures.concurrent, 0.99)) | \(figures.peakMiB.map { String(format: "%.0f", $0) } ?? "?") |"
}

func main() throws {
  let options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
  let peoplesync =
    options.peoplesync
    ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent(
      "peoplesync"
    ).path
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
  // Served bare, as the README says to: the server owns the files, and no working tree follows.
  let repo = root + "/repo.git"
  _ = try Spawned.run(["git", "clone", "-q", "--bare", seed, repo], scratch: root)
  let token =
    try Spawned.run([peoplesync, "scim-token", "--tenant", "bench", "--repo", repo], scratch: root).split(separator: "\n").last.map(
      String.init) ?? ""

  let serve = try Spawned.start(
    [peoplesync, "serve", "--repo", repo, "--port", "0"] + (options.follow ? [] : ["--no-sync"]), output: root + "/serve.out")
  let line = try serve.waitFor("listening on")
  guard let found = line.range(of: #"127\.0\.0\.1:\d+"#, options: .regularExpression), let port = Int(line[found].split(separator: ":")[1])
  else {
    throw KeepAliveClient.Failure(description: "no port in '\(line)'")
  }
  let ours = measure(
    port: port, base: "/scim/v2/bench", token: token, creates: options.creates, fillTo: options.users, options: options, server: serve,
    name: "peoplesync serve"
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

  var reference: Figures?
  if options.reference {
    let referencePort = Spawned.freePort()
    let python = try Spawned.start(
      ["scim2-server", "--hostname", "127.0.0.1", "--port", "\(referencePort)", "--bearer-token", "reference-token"],
      output: root + "/scim2-server.out")
    try Spawned.waitForPort(referencePort)
    reference = measure(
      port: referencePort, base: "/v2", token: "reference-token", creates: options.referenceCreates, fillTo: options.referenceCreates,
      options: options, server: python, name: "scim2-server")
    python.stop()
  }

  print("SCIM benchmark: \(options.clients) keep-alive clients, \(ProcessInfo.processInfo.activeProcessorCount) cores, release build")
  print("")
  print(
    "| server | creates/s | failed creates | users stored | GET ms p50 / p99 / max (1 client) | GET ms p50 / p99 (\(options.clients) clients) | peak MiB |"
  )
  print("|---|---:|---:|---:|---:|---:|---:|")
  print(row("peoplesync serve (durable: committed before the answer)", ours))
  if let reference { print(row("scim2-server 0.8.3 (in memory)", reference)) }
  print("")
  print("peoplesync: \(commits) commits for \(ours.stored) creates (group commit); git fsck --strict \(fsck)")
  if let lag = ours.followLag {
    print(String(format: "peoplesync: the directory held the last of the %d users %.1f s after its create was answered", ours.stored, lag))
  }
  if let reference {
    print(String(format: "throughput ratio peoplesync / scim2-server: %.1fx", ours.createsPerSecond / reference.createsPerSecond))
  }
}

do {
  try main()
} catch {
  log("peoplesync-scim-bench: \(error)")
  exit(1)
}
