import BenchSupport
import Foundation
import HTTPServer
import SnapshotGenerator

#if canImport(Glibc)
  import Glibc
#endif

/// `peoplesync-bench --fetch`: serves a generated workforce from 127.0.0.1 in Workday's shape
/// (one `Report_Entry` report) and UKG Pro's (two endpoints, paged), then measures the real
/// `peoplesync fetch` and `sync` on it: time and the child's peak memory beside the payload's size,
/// which shows whether the fetch holds copies of the payload.
enum FetchBench {
  struct Result {
    let kind: String
    let workers: Int
    let payloadBytes: Int
    let requests: Int
    let fetch: Measurement
    let sync: Measurement
    let refetch: Measurement
    /// `peoplesync version`: what the binary takes before it reads anything.
    let baseline: Measurement
    /// `ingest --file` of the fetched snapshot into a CSV tenant: the product's own path for the same content.
    let ingest: Measurement
  }

  static let perPage = 500

  static func run(employees: Int, seed: UInt64, peoplesync: String, root: String, progress: (String) -> Void) throws -> [Result] {
    // The payload is served by a process of its own: a child spawned from a process holding it
    // would report that process's memory as its own peak (ru_maxrss survives exec).
    let server = try PayloadServer.start(employees: employees, seed: seed)
    defer { server.stop() }
    var results: [Result] = []
    for kind in ["workday", "ukg"] {
      let folder = "\(root)/fetch-\(kind)"
      let repository = try BenchRepository.create(in: folder, tenantJSON: tenantJSON(kind: kind, port: server.port))
      var environment = repository.environment
      environment.merge(["BENCH__USER": "bench", "BENCH__PASSWORD": "bench-password", "BENCH__API_KEY": "bench-key"]) { $1 }
      func step(_ name: String, _ arguments: [String], repo: Bool = true) throws -> Measurement {
        progress("peoplesync-bench: \(kind) \(employees): \(name)")
        let measurement = try ChildProcess.run(
          [peoplesync] + arguments + (repo ? ["--repo", repository.path] : []), environment: environment,
          stdout: "\(repository.logs)/\(name).out", stderr: "\(repository.logs)/\(name).err")
        guard measurement.status == 0 else {
          let error = (try? String(contentsOfFile: "\(repository.logs)/\(name).err", encoding: .utf8)) ?? ""
          throw ChildProcess.Failure(description: "\(kind) \(name) exited \(measurement.status): \(error.prefix(2_000))")
        }
        return measurement
      }
      let baseline = try step("baseline", ["version"], repo: false)
      let fetch = try step("fetch", ["fetch", "--tenant", BenchRepository.tenant])
      // "… fetched from ukg in 402 requests (53791234 bytes): 100000 records, …"
      let said = (try? String(contentsOfFile: "\(repository.logs)/fetch.out", encoding: .utf8)) ?? ""
      let sync = try step("sync", ["sync", "--as-of", "2026-11-29"])
      let refetch = try step("fetch-again", ["fetch", "--tenant", BenchRepository.tenant])
      let csv = "\(folder)/\(kind).csv"
      // Straight to a file: read into this process, the CSV would raise every later child's reported peak.
      _ = try ChildProcess.run(
        ["git", "--git-dir", repository.path, "show", "HEAD:tenants/\(BenchRepository.tenant)/sources/\(kind).csv"],
        environment: environment, stdout: csv, stderr: "\(repository.logs)/show.err")
      let reference = try BenchRepository.create(in: "\(folder)/reference", encrypted: false, rules: false)
      progress("peoplesync-bench: \(kind) \(employees): ingest the same snapshot as a file")
      let ingest = try ChildProcess.run(
        [peoplesync, "ingest", "--tenant", BenchRepository.tenant, "--file", csv, "--repo", reference.path], environment: environment,
        stdout: "\(reference.logs)/ingest.out", stderr: "\(reference.logs)/ingest.err")
      results.append(
        Result(
          kind: kind, workers: BenchRunner.firstNumber(in: said, before: " workers") ?? 0,
          payloadBytes: BenchRunner.firstNumber(in: said, before: " bytes)") ?? 0,
          requests: BenchRunner.firstNumber(in: said, before: " request") ?? 0, fetch: fetch, sync: sync, refetch: refetch,
          baseline: baseline, ingest: ingest))
    }
    return results
  }

  /// `peoplesync-bench --serve-fetch-payload N`: serves the payload on a free port of 127.0.0.1,
  /// says `port P` on stdout, and stops when stdin closes.
  static func serve(employees: Int, seed: UInt64) throws {
    let payload = Payload(people: PeopleGenerator(seed: seed, count: employees).snapshot().rows)
    let server = HTTPServer(options: HTTPServer.Options(port: 0, maxConnections: 64), responder: payload)
    try server.start()
    FileHandle.standardOutput.write(Data("port \(server.port)\n".utf8))
    _ = FileHandle.standardInput.readDataToEndOfFile()
    server.stop(grace: 1)
  }

  static func tenantJSON(kind: String, port: UInt16) -> String {
    let locations = Vocabulary.locations.map { "\"\($0)\"" }.joined(separator: ", ")
    let source =
      kind == "workday"
      ? """
      { "name": "workday", "kind": "workday", "reportUrl": "http://127.0.0.1:\(port)/ccx/service/customreport2/bench/ISU/Workers",
          "auth": { "method": "basic", "usernameEnv": "BENCH__USER", "passwordEnv": "BENCH__PASSWORD" },
          "customFields": { "Cost Center": "Cost_Center_group.Cost_Center" } }
      """
      : """
      { "name": "ukg", "kind": "ukg", "baseUrl": "http://127.0.0.1:\(port)", "perPage": \(perPage),
          "auth": { "method": "basic", "usernameEnv": "BENCH__USER", "passwordEnv": "BENCH__PASSWORD", "apiKeyEnv": "BENCH__API_KEY" },
          "customFields": { "Cost Center": "costCenter" } }
      """
    return """
      { "displayName": "Bench Corporation", "timeZone": "UTC", "locations": [\(locations)], "customFields": ["Cost Center"],
        "encryption": { "enabled": false }, "sources": [\(source)] }

      """
  }

  static func text(_ results: [Result]) -> String {
    func mib(_ bytes: Int) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
    func figures(_ m: Measurement) -> String {
      String(format: "%6.2f s wall %6.2f s CPU %7.1f MiB peak", m.wallSeconds, m.cpuSeconds, m.peakRSSMiB)
    }
    var lines = ["peoplesync-bench --fetch: a generated workforce served from 127.0.0.1, measured on the real binary", ""]
    for result in results {
      lines.append("\(result.kind): \(result.workers) workers, payload \(mib(result.payloadBytes)) in \(result.requests) requests")
      lines.append("  fetch (download, map, commit)   \(figures(result.fetch))")
      // Above what the binary takes doing nothing: the fetch's own memory, set against the payload.
      let own = (result.fetch.peakRSSMiB - result.baseline.peakRSSMiB) * 1_048_576
      lines.append(
        String(
          format: "    peak above the binary's own %.1f MiB: %.2fx the payload", result.baseline.peakRSSMiB,
          own / Double(max(1, result.payloadBytes))))
      lines.append("  ingest --file of the same CSV   \(figures(result.ingest))")
      lines.append(
        String(
          format: "    fetch / ingest --file          %.2fx time, %.2fx peak memory", result.fetch.wallSeconds / result.ingest.wallSeconds,
          result.fetch.peakRSSMiB / result.ingest.peakRSSMiB))
      lines.append("  sync 2026-11-29 (initial)       \(figures(result.sync))")
      lines.append("  fetch again (nothing new)       \(figures(result.refetch))")
      lines.append("")
    }
    return lines.joined(separator: "\n")
  }
}

/// The generated workforce in both systems' shapes, kept encoded; answers like the real APIs.
final class Payload: HTTPResponder, @unchecked Sendable {
  let report: [UInt8]
  let people: [[UInt8]]
  let jobs: [[UInt8]]

  init(people generated: [GeneratedPerson]) {
    let ids = generated.map(\.employeeID)
    var report = Array(#"{"Report_Entry": ["#.utf8)
    var people: [[UInt8]] = []
    var jobs: [[UInt8]] = []
    for (index, person) in generated.enumerated() {
      let department = Vocabulary.departments[Int(person.department)]
      let team = Self.escaped(department.name)
      let manager = person.manager >= 0 ? ids[Int(person.manager)] : ""
      let termination = person.terminationDay.map { "\($0)" } ?? ""
      let costCenter = "CC-\(1000 + Int(person.costCenter))"
      let location = Self.escaped(Vocabulary.locations[Int(person.location)])
      // The generator's vocabulary holds quotes (for the CSV benchmarks): escape for JSON.
      let title = Self.escaped(department.titles[Int(person.title) % department.titles.count])
      if index > 0 { report.append(UInt8(ascii: ",")) }
      report += Array(
        #"{"Employee_ID": "\#(ids[index])", "Full_Name": "\#(Self.escaped(person.fullName))", "Email": "\#(person.email)", "Business_Title": "\#(title)", "Team_Name": "\#(team)", "Location": "\#(location)", "Start_Date": "\#(person.hireDay)", "Termination_Date": "\#(termination)", "Manager_ID": "\#(manager)", "Cost_Center_group": [{"Cost_Center": "\#(costCenter)"}]}"#
          .utf8)
      let first = Self.escaped(Vocabulary.firstNames[Int(person.first)].display)
      let last = Self.escaped(Vocabulary.lastNames[Int(person.last)].display)
      people.append(
        Array(
          #"{"employeeId": "U\#(ids[index])", "companyId": "C1", "firstName": "\#(first)", "lastName": "\#(last)", "preferredName": null, "emailAddress": "\#(person.email)"}"#
            .utf8))
      let supervisor = manager.isEmpty ? "null" : "\"U\(manager)\""
      let ended = termination.isEmpty ? "null" : "\"\(termination)T00:00:00Z\""
      jobs.append(
        Array(
          #"{"employeeID": "U\#(ids[index])", "companyID": "C1", "employeeNumber": "\#(ids[index])", "jobTitle": "\#(title)", "orgLevel1Code": "\#(team)", "primaryWorkLocationCode": "\#(location)", "employeeStatusCode": "A", "originalHireDate": "\#(person.hireDay)T00:00:00Z", "lastHireDate": "\#(person.hireDay)T00:00:00Z", "dateOfTermination": \#(ended), "supervisorID": \#(supervisor), "costCenter": "\#(costCenter)"}"#
            .utf8))
    }
    report += Array("]}".utf8)
    self.report = report
    self.people = people
    self.jobs = jobs
  }

  static func escaped(_ text: String) -> String {
    text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
  }

  func respond(to request: HTTPRequest) -> HTTPResponse {
    let records: [[UInt8]]
    switch request.path {
    case "/ccx/service/customreport2/bench/ISU/Workers":
      return HTTPResponse(status: 200, headers: [("Content-Type", "application/json")], body: report)
    case "/personnel/v1/person-details": records = people
    case "/personnel/v1/employment-details": records = jobs
    default: return HTTPResponse(status: 404, contentType: "text/plain", text: "not found")
    }
    let page = Int(request.queryValue("page") ?? "1") ?? 1
    let size = Int(request.queryValue("per_Page") ?? "100") ?? 100
    let start = min(records.count, max(0, page - 1) * size)
    let body = Array("[".utf8) + records[start..<min(records.count, start + size)].joined(separator: Array(",".utf8)) + Array("]".utf8)
    return HTTPResponse(status: 200, headers: [("Content-Type", "application/json")], body: body)
  }
}

/// The payload server, a child process of the benchmark.
struct PayloadServer {
  let pid: pid_t
  /// Closing it tells the server to stop.
  let input: Int32
  let port: UInt16

  static func start(employees: Int, seed: UInt64) throws -> PayloadServer {
    let me = ProductBinary.me
    var toChild: [Int32] = [0, 0]
    var fromChild: [Int32] = [0, 0]
    guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else { throw ChildProcess.Failure(description: "pipe failed") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
    posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
    for descriptor in toChild + fromChild { posix_spawn_file_actions_addclose(&actions, descriptor) }
    let arguments = [me, "--serve-fetch-payload", String(employees), "--seed", String(seed)]
    let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, me, &actions, nil, argv, environ)
    close(toChild[0])
    close(fromChild[1])
    guard rc == 0 else { throw ChildProcess.Failure(description: "cannot start the payload server: \(String(cString: strerror(rc)))") }
    // The first line says the port; generating a large payload takes a few seconds.
    var line: [UInt8] = []
    var byte: UInt8 = 0
    while read(fromChild[0], &byte, 1) == 1, byte != 0x0A { line.append(byte) }
    close(fromChild[0])
    let text = String(decoding: line, as: UTF8.self)
    guard text.hasPrefix("port "), let port = UInt16(text.dropFirst(5)) else {
      throw ChildProcess.Failure(description: "the payload server said '\(text)' instead of its port")
    }
    return PayloadServer(pid: pid, input: toChild[1], port: port)
  }

  func stop() {
    close(input)
    var status: Int32 = 0
    waitpid(pid, &status, 0)
  }
}
