import Foundation
import SnapshotGenerator

/// One measured `peoplesync` invocation.
struct StepResult {
  var key: String
  var name: String
  var arguments: [String]
  var measurement: Measurement
  /// What the sync reported ("(N objects written)").
  var objectsReported: Int?
  /// The change in `git count-objects -v` (loose plus packed): every object the step wrote.
  var objectsAdded: Int
  /// The first line of output, or the plan's summary.
  var result: String
  /// Change counts by kind, from the sync's subject line or the plan's JSON summary.
  var counts: [String: Int]
  /// The product's own phase timings (`PEOPLESYNC_TIMINGS=1` lines on stderr), when it prints them.
  var phases: [(name: String, seconds: Double)] = []
}

/// The generated inputs of one run.
struct GeneratorReport {
  var day0Rows = 0
  var day0Bytes = 0
  var day0Seconds = 0.0
  var day1Rows = 0
  var day1Bytes = 0
  var day1Seconds = 0.0
  var changes = ChurnCounts()
}

/// Everything measured for one population size.
struct SizeRun {
  var employees: Int
  var churn: Double
  var seed: UInt64
  var encrypted = false
  var rules = false
  /// Run in a non-bare clone with the branch checked out.
  var checkout = false
  /// `git status --porcelain` lines after the last step (checkout runs): 0 when it follows.
  var statusLines: Int?
  var generator = GeneratorReport()
  var steps: [StepResult] = []
  var objects = ObjectCount()
  var fsck: String?
  var keptAt: String?
  /// The 1-minute load average before and after the steps: other work on the machine skews wall times.
  var loadAverage: (before: String, after: String)?

  func step(_ key: String) -> StepResult? { steps.first { $0.key == key } }
  var failed: Bool { steps.contains { $0.measurement.status != 0 } || (fsck.map { $0 != "ok" } ?? false) }
}

/// Generates the inputs for one size and runs the product's steps on them.
struct BenchRunner {
  let options: BenchOptions
  let peoplesync: String
  let progress: (String) -> Void

  /// The run's folder name: plain, encrypted, plain-rules, encrypted-rules, each maybe -checkout.
  static func mode(encrypted: Bool, rules: Bool, checkout: Bool = false) -> String {
    (encrypted ? "encrypted" : "plain") + (rules ? "-rules" : "") + (checkout ? "-checkout" : "")
  }

  static let day0 = "2026-11-29"
  static let day1 = "2026-11-30"

  /// Writes `day0.csv` and `day1.csv` in `root`, for every mode of this size to share.
  func generate(employees: Int, in root: String) throws -> GeneratorReport {
    var report = GeneratorReport()
    try generate(employees: employees, day0File: "\(root)/day0.csv", day1File: "\(root)/day1.csv", into: &report)
    return report
  }

  /// Runs the steps on the files `generate` wrote in `root`, with a repository in `root/plain` or `root/encrypted`.
  func run(employees: Int, in root: String, generator: GeneratorReport, encrypted: Bool, rules: Bool, checkout: Bool = false) throws
    -> SizeRun
  {
    var run = SizeRun(
      employees: employees, churn: options.churn, seed: options.seed, encrypted: encrypted, rules: rules, checkout: checkout,
      generator: generator)
    let day0File = "\(root)/day0.csv"
    let day1File = "\(root)/day1.csv"
    let mode = Self.mode(encrypted: encrypted, rules: rules, checkout: checkout)
    let repository = try BenchRepository.create(in: "\(root)/\(mode)", encrypted: encrypted, rules: rules, checkout: checkout)
    let tenant = BenchRepository.tenant
    var plan: [(String, String, [String])] = [
      ("ingest-day0", "ingest day 0", ["ingest", "--tenant", tenant, "--file", day0File]),
      ("sync-initial", "sync \(Self.day0) (initial import)", ["sync", "--tenant", tenant, "--as-of", Self.day0]),
      ("ingest-day1", "ingest day 1", ["ingest", "--tenant", tenant, "--file", day1File]),
      ("plan-daily", "plan \(Self.day1) --format json", ["plan", "--tenant", tenant, "--as-of", Self.day1, "--format", "json"]),
      ("sync-daily", "sync \(Self.day1) (daily, churn)", ["sync", "--tenant", tenant, "--as-of", Self.day1]),
      ("sync-nochange", "sync \(Self.day1) again (no change)", ["sync", "--tenant", tenant, "--as-of", Self.day1]),
      (
        "plan-nochange", "plan \(Self.day1) --format json (no change)",
        ["plan", "--tenant", tenant, "--as-of", Self.day1, "--format", "json"]
      ),
    ]
    if !options.plan { plan.removeAll { $0.2[0] == "plan" } }
    let loadBefore = Self.loadAverage()
    for (key, name, arguments) in plan {
      progress("  \(employees) \(mode): \(name)…")
      let step = try measure(key: key, name: name, arguments: arguments + ["--repo", repository.path], repository: repository)
      progress(
        String(
          format: "  %d %@: %@: %.2f s, %.0f MiB, exit %d", employees, mode, name, step.measurement.wallSeconds,
          step.measurement.peakRSSMiB, step.measurement.status))
      run.steps.append(step)
    }
    run.loadAverage = (loadBefore, Self.loadAverage())
    run.objects = try repository.objectCount()
    if checkout {
      run.statusLines = try repository.git(["-C", repository.path, "status", "--porcelain"]).split(separator: "\n").count
    }
    if options.fsck {
      progress("  \(employees): git fsck --strict…")
      let out = "\(repository.logs)/fsck.out"
      let fsck = try ChildProcess.run(
        ["git", "--git-dir", repository.gitDirectory, "fsck", "--strict", "--no-progress"], environment: repository.environment,
        stdout: out,
        stderr: out)
      run.fsck = fsck.status == 0 ? "ok" : "failed (exit \(fsck.status); see \(out))"
    }
    return run
  }

  func generate(employees: Int, day0File: String, day1File: String, into report: inout GeneratorReport) throws {
    progress("  \(employees): generating day 0 and day 1…")
    var start = DispatchTime.now().uptimeNanoseconds
    let base = PeopleGenerator(seed: options.seed, count: employees).snapshot()
    report.day0Bytes = try base.write(toFile: day0File)
    report.day0Rows = base.rowCount
    var end = DispatchTime.now().uptimeNanoseconds
    report.day0Seconds = Double(end - start) / 1e9
    start = end
    let next = base.nextDay(churn: options.churn, asOf: CivilDay(Self.day1)!)
    report.day1Bytes = try next.snapshot.write(toFile: day1File)
    report.day1Rows = next.snapshot.rowCount
    report.changes = next.changes
    end = DispatchTime.now().uptimeNanoseconds
    report.day1Seconds = Double(end - start) / 1e9
  }

  private func measure(key: String, name: String, arguments: [String], repository: BenchRepository) throws -> StepResult {
    let before = try repository.objectCount()
    let out = "\(repository.logs)/\(key).out"
    let err = "\(repository.logs)/\(key).err"
    var environment = repository.environment
    environment["PEOPLESYNC_TIMINGS"] = "1"
    let measurement = try ChildProcess.run([peoplesync] + arguments, environment: environment, stdout: out, stderr: err)
    let after = try repository.objectCount()
    var step = StepResult(
      key: key, name: name, arguments: ["peoplesync"] + arguments, measurement: measurement, objectsReported: nil,
      objectsAdded: after.total - before.total, result: "", counts: [:])
    let head = Self.head(of: out, bytes: 64 * 1024)
    step.phases = Self.phases(err)
    if measurement.status != 0 {
      let message = Self.head(of: err, bytes: 4096).split(separator: "\n").first.map(String.init) ?? ""
      step.result = "exit \(measurement.status): \(message.isEmpty ? (head.split(separator: "\n").first.map(String.init) ?? "") : message)"
    } else if arguments[0] == "plan" {
      step.counts = Self.planSummary(out)
      step.result = Self.describe(step.counts)
    } else {
      let first =
        head.split(separator: "\n").first.map(String.init) ?? Self.head(of: err, bytes: 4096).split(separator: "\n").first.map(String.init)
        ?? ""
      step.result = first.replacingOccurrences(of: "\(repository.root)/", with: "")
      if arguments[0] == "sync" {
        step.objectsReported = Self.firstNumber(in: first, before: " objects written")
        for kind in ["provisioned", "reactivated", "updated", "deprovisioned", "purged"] {
          if let count = Self.firstNumber(in: first, before: " \(kind)") { step.counts[kind] = count }
        }
      }
    }
    return step
  }

  static func loadAverage() -> String {
    let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
    return text.split(separator: " ").first.map(String.init) ?? "?"
  }

  /// The start of a file (outputs of an initial sync list a million changes).
  static func head(of path: String, bytes: Int) -> String {
    guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
    defer { try? handle.close() }
    return String(decoding: (try? handle.read(upToCount: bytes)) ?? Data(), as: UTF8.self)
  }

  /// `timing: <phase>: <seconds> s [(rss …)]` lines, as the product's PhaseTimer prints them.
  static func phases(_ path: String) -> [(name: String, seconds: Double)] {
    Self.head(of: path, bytes: 256 * 1024).split(separator: "\n").compactMap { whole in
      let line = whole.range(of: " s (rss ").map { whole[..<$0.lowerBound] + " s" } ?? whole
      guard line.hasPrefix("timing: "), line.hasSuffix(" s"), let colon = line.range(of: ": ", options: .backwards) else { return nil }
      let name = line[line.index(line.startIndex, offsetBy: 8)..<colon.lowerBound]
      guard let seconds = Double(line[colon.upperBound...].dropLast(2)) else { return nil }
      return (name.replacingOccurrences(of: "tenants/\(BenchRepository.tenant)/sources/", with: ""), seconds)
    }
  }

  /// The integer just before `marker` in `text`.
  static func firstNumber(in text: String, before marker: String) -> Int? {
    guard let range = text.range(of: marker) else { return nil }
    let digits = text[..<range.lowerBound].reversed().prefix { $0.isNumber }
    return digits.isEmpty ? nil : Int(String(digits.reversed()))
  }

  /// The first tenant's `summary` object of a `plan --format json` output.
  static func planSummary(_ path: String) -> [String: Int] {
    guard let data = FileManager.default.contents(atPath: path),
      let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let tenants = root["tenants"] as? [[String: Any]], let summary = tenants.first?["summary"] as? [String: Any]
    else { return [:] }
    var counts: [String: Int] = [:]
    for (key, value) in summary {
      if let number = value as? Int { counts[key] = number } else if let number = value as? NSNumber { counts[key] = number.intValue }
    }
    return counts
  }

  static func describe(_ summary: [String: Int]) -> String {
    guard !summary.isEmpty else { return "(no summary in the output)" }
    let kinds = ["provision", "reactivate", "update", "deprovision", "purge"].compactMap { key in
      summary[key].flatMap { $0 > 0 ? "\($0) \(key)" : nil }
    }
    var text = kinds.isEmpty ? "no changes" : kinds.joined(separator: ", ")
    for key in ["rejectedRows", "warnings"] where (summary[key] ?? 0) > 0 { text += "; \(summary[key]!) \(key)" }
    return text
  }
}
