import Foundation
import SnapshotGenerator

/// One of the issue's performance targets, judged on a run.
struct TargetCheck {
  var name: String
  var limit: String
  var measured: String
  var met: Bool?
}

/// Derived figures: the ratios and the targets.
struct RunAnalysis {
  let run: SizeRun

  /// People the daily sync changed, by its own count (the generator's when it printed none).
  var dailyChanges: Int {
    let counts = run.step("sync-daily")?.counts ?? [:]
    return counts.isEmpty ? run.generator.changes.total : counts.values.reduce(0, +)
  }

  var dailyObjects: Int? { run.step("sync-daily").map { $0.objectsReported ?? $0.objectsAdded } }

  var objectsPerChange: Double? {
    guard let objects = dailyObjects, dailyChanges > 0 else { return nil }
    return Double(objects) / Double(dailyChanges)
  }

  var dailyOverNoChange: Double? {
    guard let daily = run.step("sync-daily"), let quiet = run.step("sync-nochange"), quiet.measurement.wallSeconds > 0 else { return nil }
    return daily.measurement.wallSeconds / quiet.measurement.wallSeconds
  }

  /// The plan the generator expects against what `plan` (or else the sync) reported.
  var expectationCheck: (matches: Bool, text: String)? {
    // Rules exclude people, so the generator's count is not the plan's.
    guard !run.rules else { return nil }
    let counts: [String: Int]
    if let plan = run.step("plan-daily"), !plan.counts.isEmpty {
      counts = [
        "provisioned": plan.counts["provision"] ?? 0, "updated": plan.counts["update"] ?? 0,
        "deprovisioned": plan.counts["deprovision"] ?? 0,
        "reactivated": plan.counts["reactivate"] ?? 0, "purged": plan.counts["purge"] ?? 0,
      ]
    } else if let sync = run.step("sync-daily"), !sync.counts.isEmpty {
      counts = sync.counts
    } else {
      return nil
    }
    let expected = run.generator.changes
    let pairs = [
      ("provisioned", expected.expectedProvisions), ("updated", expected.expectedUpdates), ("deprovisioned", expected.expectedDeprovisions),
      ("reactivated", 0), ("purged", 0),
    ]
    let matches = pairs.allSatisfy { counts[$0.0, default: 0] == $0.1 }
    let text = pairs.filter { counts[$0.0, default: 0] != 0 || $0.1 != 0 }
      .map { "\(counts[$0.0, default: 0]) \($0.0) (generator: \($0.1))" }.joined(separator: ", ")
    return (matches, text)
  }

  /// The customer-like tenant (encryption and rules) is held to issue 19's targets, the others to issue 2's.
  var customer: Bool { run.encrypted && run.rules }

  var targets: [TargetCheck] {
    var checks: [TargetCheck] = []
    func seconds(_ key: String) -> Double? { run.step(key).flatMap { $0.measurement.status == 0 ? $0.measurement.wallSeconds : nil } }
    let (dailyLimit, initialLimit) = customer ? (3.9, 30.0) : (3.0, 30.0)
    let daily = seconds("sync-daily")
    checks.append(
      TargetCheck(
        name: "daily sync, \(Format.percent(run.churn)) churn", limit: "≤ \(dailyLimit) s",
        measured: daily.map { Format.seconds($0) + " s" } ?? "failed", met: daily.map { $0 <= dailyLimit }))
    let rss = run.step("sync-daily").map(\.measurement.peakRSSMiB)
    checks.append(
      TargetCheck(
        name: "daily sync peak memory", limit: "≤ 1 GiB", measured: rss.map { Format.mib($0) + " MiB" } ?? "failed",
        met: rss.map { $0 <= 1024 }))
    let quiet = seconds("sync-nochange")
    checks.append(
      TargetCheck(
        name: "sync with no change", limit: "≤ 1.5 s", measured: quiet.map { Format.seconds($0) + " s" } ?? "failed",
        met: quiet.map { $0 <= 1.5 }))
    let initial = seconds("sync-initial")
    var initialText = initial.map { Format.seconds($0) + " s" } ?? "failed"
    if let initial, let ingest = seconds("ingest-day0") { initialText += " (\(Format.seconds(initial + ingest)) s with its ingest)" }
    checks.append(
      TargetCheck(
        name: "initial import (first sync)", limit: "≤ \(Int(initialLimit)) s", measured: initialText,
        met: initial.map { $0 <= initialLimit }))
    if customer, let peak = run.step("sync-initial").map(\.measurement.peakRSSMiB) {
      checks.append(
        TargetCheck(name: "initial import peak memory", limit: "≤ 1.5 GiB", measured: Format.mib(peak) + " MiB", met: peak <= 1536))
    }
    if let lines = run.statusLines {
      checks.append(TargetCheck(name: "git status after the steps", limit: "clean", measured: "\(lines) lines", met: lines == 0))
    }
    if let objects = dailyObjects {
      let perChange = objectsPerChange.map { String(format: "%.2f", $0) } ?? "-"
      checks.append(
        TargetCheck(
          name: "objects written ∝ changes", limit: "≤ 4 per change + 16",
          measured: "\(Format.int(objects)) for \(Format.int(dailyChanges)) changes (\(perChange)/change)",
          met: objects <= 4 * dailyChanges + 16))
    }
    return checks
  }
}

enum Format {
  static func int(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (index, character) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
      out.append(character)
    }
    return value < 0 ? "-" + out : out
  }
  static func seconds(_ value: Double) -> String { String(format: "%.2f", value) }
  static func mib(_ value: Double) -> String { String(format: "%.0f", value) }
  static func percent(_ value: Double) -> String { String(format: "%g%%", value * 100) }
  static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let count = text.count
    guard count < width else { return text }
    let fill = String(repeating: " ", count: width - count)
    return right ? fill + text : text + fill
  }
}

/// Renders the runs as text for people or JSON for tools.
enum BenchReport {
  static let targetSize = 1_000_000

  static func text(_ runs: [SizeRun], options: BenchOptions, peoplesync: String) -> String {
    var out = ""
    for run in runs {
      let analysis = RunAnalysis(run: run)
      let g = run.generator
      let c = g.changes
      let mode =
        options.generateOnly
        ? ""
        : (run.encrypted ? ", encryption on" : ", encryption off") + (run.rules ? ", ten rules" : "")
          + (run.checkout ? ", in a checkout" : ", bare repository")
      out += "PeopleSync bench: \(Format.int(run.employees)) employees, churn \(Format.percent(run.churn)), seed \(run.seed)\(mode)\n"
      if !peoplesync.isEmpty { out += "  binary: \(peoplesync)\n" }
      if let load = run.loadAverage {
        out +=
          "  load average (1 min) before and after: \(load.before) / \(load.after) on \(ProcessInfo.processInfo.activeProcessorCount) cores\n"
      }
      out +=
        "  day 0: \(Format.int(g.day0Rows)) rows, \(String(format: "%.1f", Double(g.day0Bytes) / 1_048_576)) MiB, generated in \(Format.seconds(g.day0Seconds)) s\n"
      out +=
        "  day 1: \(Format.int(g.day1Rows)) rows, \(String(format: "%.1f", Double(g.day1Bytes) / 1_048_576)) MiB, generated in \(Format.seconds(g.day1Seconds)) s; "
      out += "\(Format.int(c.total)) people changed: \(Format.int(c.hires)) hires, \(Format.int(c.terminations)) terminations "
      out +=
        "(\(Format.int(c.terminationsRemoved)) dropped, \(Format.int(c.terminationsDated)) dated), \(Format.int(c.attributeChanges)) attribute changes "
      out +=
        "(\(c.titleChanges) title, \(c.departmentChanges) department, \(c.locationChanges) location), \(Format.int(c.emailChanges)) email changes "
      out += "(\(c.surnameChanges) with a new surname)\n\n"
      if run.steps.isEmpty {
        if let kept = run.keptAt { out += "  written to \(kept)/day0.csv and day1.csv\n\n" }
        continue
      }

      let header = ["step", "wall s", "CPU s", "peak RSS MiB", "objects written", "objects added", "result"]
      var rows: [[String]] = [header]
      for step in run.steps {
        let m = step.measurement
        rows.append([
          step.name, Format.seconds(m.wallSeconds), Format.seconds(m.cpuSeconds), Format.mib(m.peakRSSMiB),
          step.objectsReported.map(Format.int) ?? "-", Format.int(step.objectsAdded), step.result,
        ])
      }
      out += table(rows, rightAligned: [1, 2, 3, 4, 5]).map { "  " + $0 }.joined(separator: "\n") + "\n"
      out += "  (objects written: as the sync reports it; objects added: the change in `git count-objects -v`, loose + packed)\n\n"
      let phased = run.steps.filter { !$0.phases.isEmpty }
      if !phased.isEmpty {
        out += "  phases (the product's PEOPLESYNC_TIMINGS=1 output, seconds):\n"
        for step in phased {
          let list = step.phases.map { "\($0.name) \(Format.seconds($0.seconds))" }.joined(separator: "; ")
          out += "    \(step.name): \(list)\n"
        }
        out += "\n"
      }

      if let check = analysis.expectationCheck {
        out += "  daily plan vs generator: \(check.text): \(check.matches ? "matches" : "DIFFERS")\n"
      }
      if let ratio = analysis.objectsPerChange, let objects = analysis.dailyObjects {
        out +=
          "  objects written by the daily sync / changes: \(String(format: "%.2f", ratio)) (\(Format.int(objects)) objects for \(Format.int(analysis.dailyChanges)) changes; "
        out += "\(String(format: "%.2f", Double(objects) / Double(max(1, run.employees)) * 1000)) per 1,000 employees)\n"
      }
      if let ratio = analysis.dailyOverNoChange {
        out += "  daily sync time / no-change sync time: \(String(format: "%.2f", ratio))×\n"
      }
      out +=
        "  repository: \(Format.int(run.objects.total)) objects (\(Format.int(run.objects.loose)) loose, \(Format.int(run.objects.packed)) packed), "
      out += "\(String(format: "%.1f", run.objects.diskMiB)) MiB on disk\n"
      if let fsck = run.fsck { out += "  git fsck --strict: \(fsck)\n" }
      if let kept = run.keptAt { out += "  kept: \(kept) (repo.git, logs/; day0.csv and day1.csv one folder up)\n" }
      out +=
        "\n  targets (issue \(analysis.customer ? 19 : 2)\(run.employees == targetSize ? "" : "; defined for 1,000,000 employees, this run has \(Format.int(run.employees))")):\n"
      var targetRows: [[String]] = []
      for check in analysis.targets {
        let verdict = check.met.map { $0 ? "met" : "NOT MET" } ?? "failed"
        targetRows.append([check.name, check.limit, check.measured, verdict])
      }
      out += table(targetRows, rightAligned: []).map { "    " + $0 }.joined(separator: "\n") + "\n\n"
    }
    out += encryptionCost(runs)
    out += rulesCost(runs)
    out += checkoutCost(runs)
    if Set(runs.map(\.employees)).count > 1 && !options.generateOnly {
      out += "Across sizes (churn \(Format.percent(options.churn))):\n"
      var rows: [[String]] = [
        [
          "employees", "encryption", "rules", "changes", "ingest 0 s", "initial sync s", "daily sync s", "no-change s", "daily RSS MiB",
          "daily objects",
          "objects/change", "daily/no-change",
        ]
      ]
      for run in runs {
        let analysis = RunAnalysis(run: run)
        func wall(_ key: String) -> String { run.step(key).map { Format.seconds($0.measurement.wallSeconds) } ?? "-" }
        rows.append([
          Format.int(run.employees), run.encrypted ? "on" : "off", run.rules ? "10" : "0", Format.int(analysis.dailyChanges),
          wall("ingest-day0"),
          wall("sync-initial"), wall("sync-daily"),
          wall("sync-nochange"),
          run.step("sync-daily").map { Format.mib($0.measurement.peakRSSMiB) } ?? "-", analysis.dailyObjects.map(Format.int) ?? "-",
          analysis.objectsPerChange.map { String(format: "%.2f", $0) } ?? "-",
          analysis.dailyOverNoChange.map { String(format: "%.2f", $0) } ?? "-",
        ])
      }
      out += table(rows, rightAligned: [0] + Array(2...11)).map { "  " + $0 }.joined(separator: "\n") + "\n"
      out +=
        "  (objects/change should stay flat as the tenant grows; writing in proportion to the tenant would give about 1/churn = \(Format.int(Int((1 / max(options.churn, 1e-9)).rounded()))) per change)\n"
    }
    return out
  }

  /// A checkout over a bare repository, for each size and configuration that ran both ways, and
  /// issue 19's target: in a checkout, at most 1.2 times the bare figures.
  static func checkoutCost(_ runs: [SizeRun]) -> String {
    var out = ""
    for bare in runs where !bare.checkout && !bare.steps.isEmpty {
      guard
        let checkout = runs.first(where: {
          $0.checkout && $0.encrypted == bare.encrypted && $0.rules == bare.rules && $0.employees == bare.employees && !$0.steps.isEmpty
        })
      else { continue }
      out +=
        "Checkout over bare, \(Format.int(bare.employees)) employees\(bare.encrypted ? ", encryption on" : "")\(bare.rules ? ", ten rules" : ""):\n"
      var rows: [[String]] = [["step", "bare s", "checkout s", "ratio", "bare MiB", "checkout MiB", "target ≤ 1.2×"]]
      for step in bare.steps {
        guard let other = checkout.step(step.key) else { continue }
        let ratio = step.measurement.wallSeconds > 0 ? other.measurement.wallSeconds / step.measurement.wallSeconds : 0
        let judged = ["sync-initial", "sync-daily", "sync-nochange"].contains(step.key)
        rows.append([
          step.name, Format.seconds(step.measurement.wallSeconds), Format.seconds(other.measurement.wallSeconds),
          EncryptionComparison.ratio(other.measurement.wallSeconds, step.measurement.wallSeconds), Format.mib(step.measurement.peakRSSMiB),
          Format.mib(other.measurement.peakRSSMiB), judged ? (ratio <= 1.2 ? "met" : "NOT MET") : "",
        ])
      }
      out += table(rows, rightAligned: [1, 2, 3, 4, 5]).map { "  " + $0 }.joined(separator: "\n") + "\n"
      out += "  git status in the checkout after the steps: \(checkout.statusLines.map { $0 == 0 ? "clean" : "\($0) lines" } ?? "-")\n\n"
    }
    return out
  }

  /// Encrypted over plain for each size that ran both ways, and issue 3's target on the daily sync.
  static func encryptionCost(_ runs: [SizeRun]) -> String {
    var out = ""
    for pair in EncryptionComparison.pairs(runs) {
      out += "Encryption cost at \(Format.int(pair.plain.employees)) employees (encrypted / plain, measured in this run):\n"
      var rows: [[String]] = [["step", "plain s", "encrypted s", "time ×", "plain MiB", "encrypted MiB", "memory ×"]]
      for (plain, encrypted) in pair.steps {
        let p = plain.measurement
        let e = encrypted.measurement
        rows.append([
          plain.name, Format.seconds(p.wallSeconds), Format.seconds(e.wallSeconds),
          EncryptionComparison.ratio(e.wallSeconds, p.wallSeconds),
          Format.mib(p.peakRSSMiB), Format.mib(e.peakRSSMiB), EncryptionComparison.ratio(e.peakRSSMiB, p.peakRSSMiB),
        ])
      }
      out += table(rows, rightAligned: Array(1...6)).map { "  " + $0 }.joined(separator: "\n") + "\n"
      out +=
        "  repository: \(String(format: "%.1f", pair.plain.objects.diskMiB)) MiB plain, \(String(format: "%.1f", pair.encrypted.objects.diskMiB)) MiB encrypted; "
      out += "daily sync objects: \(RunAnalysis(run: pair.plain).dailyObjects.map(Format.int) ?? "-") plain, "
      out += "\(RunAnalysis(run: pair.encrypted).dailyObjects.map(Format.int) ?? "-") encrypted\n"
      let check = pair.target
      let verdict = check.met.map { $0 ? "met" : "NOT MET" } ?? "failed"
      out += "  target (issue 3): \(check.name) \(check.limit): \(check.measured): \(verdict)\n\n"
    }
    return out
  }

  /// With rules over without, for each size and encryption setting that ran both ways; issue 4's target on the daily sync.
  static func rulesCost(_ runs: [SizeRun]) -> String {
    var out = ""
    for without in runs where !without.rules && !without.steps.isEmpty {
      guard
        let with = runs.first(where: {
          $0.rules && $0.employees == without.employees && $0.encrypted == without.encrypted && !$0.steps.isEmpty
        })
      else { continue }
      out +=
        "Cost of ten rules at \(Format.int(without.employees)) employees, encryption \(without.encrypted ? "on" : "off") (with / without, measured in this run):\n"
      var rows: [[String]] = [["step", "without s", "with s", "time ×", "without MiB", "with MiB", "memory ×"]]
      for step in without.steps {
        guard let other = with.step(step.key) else { continue }
        rows.append([
          step.name, Format.seconds(step.measurement.wallSeconds), Format.seconds(other.measurement.wallSeconds),
          EncryptionComparison.ratio(other.measurement.wallSeconds, step.measurement.wallSeconds), Format.mib(step.measurement.peakRSSMiB),
          Format.mib(other.measurement.peakRSSMiB), EncryptionComparison.ratio(other.measurement.peakRSSMiB, step.measurement.peakRSSMiB),
        ])
      }
      out += table(rows, rightAligned: Array(1...6)).map { "  " + $0 }.joined(separator: "\n") + "\n"
      if let daily = with.step("sync-daily"), let base = without.step("sync-daily"), base.measurement.wallSeconds > 0 {
        let ratio = daily.measurement.wallSeconds / base.measurement.wallSeconds
        out += String(
          format:
            "  daily sync objects: %@ without, %@ with; target (issue 4): daily sync with ten rules ≤ 1.2× without: %.2f× (%.2f s / %.2f s): %@\n\n",
          RunAnalysis(run: without).dailyObjects.map(Format.int) ?? "-", RunAnalysis(run: with).dailyObjects.map(Format.int) ?? "-", ratio,
          daily.measurement.wallSeconds, base.measurement.wallSeconds, ratio <= 1.2 ? "met" : "NOT MET")
      }
    }
    return out
  }

  static func table(_ rows: [[String]], rightAligned: [Int]) -> [String] {
    guard let columns = rows.map(\.count).max() else { return [] }
    var widths = [Int](repeating: 0, count: columns)
    for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
    return rows.map { row in
      row.enumerated().map { index, cell in
        index == row.count - 1 && !rightAligned.contains(index)
          ? cell : Format.pad(cell, widths[index], right: rightAligned.contains(index))
      }.joined(separator: "  ")
    }
  }

  static func json(_ runs: [SizeRun], options: BenchOptions, peoplesync: String) throws -> String {
    let documents: [[String: Any]] = runs.map { run in
      let analysis = RunAnalysis(run: run)
      let c = run.generator.changes
      var document: [String: Any] = [
        "employees": run.employees, "churn": run.churn, "seed": run.seed, "encrypted": run.encrypted, "rules": run.rules,
        "generator": [
          "day0": ["rows": run.generator.day0Rows, "bytes": run.generator.day0Bytes, "seconds": run.generator.day0Seconds],
          "day1": ["rows": run.generator.day1Rows, "bytes": run.generator.day1Bytes, "seconds": run.generator.day1Seconds],
          "changes": [
            "total": c.total, "hires": c.hires, "terminationsRemoved": c.terminationsRemoved, "terminationsDated": c.terminationsDated,
            "titleChanges": c.titleChanges, "departmentChanges": c.departmentChanges, "locationChanges": c.locationChanges,
            "surnameChanges": c.surnameChanges, "emailOnlyChanges": c.emailOnlyChanges,
            "expected": ["provision": c.expectedProvisions, "update": c.expectedUpdates, "deprovision": c.expectedDeprovisions],
          ],
        ],
        "steps": run.steps.map { step -> [String: Any] in
          var object: [String: Any] = [
            "key": step.key, "name": step.name, "command": step.arguments, "exitStatus": step.measurement.status,
            "wallSeconds": step.measurement.wallSeconds, "cpuSeconds": step.measurement.cpuSeconds,
            "userSeconds": step.measurement.userSeconds, "systemSeconds": step.measurement.systemSeconds,
            "peakRSSMiB": step.measurement.peakRSSMiB, "objectsAdded": step.objectsAdded, "result": step.result,
          ]
          if let reported = step.objectsReported { object["objectsWritten"] = reported }
          if !step.counts.isEmpty { object["counts"] = step.counts }
          if !step.phases.isEmpty { object["phases"] = step.phases.map { ["name": $0.name, "seconds": $0.seconds] as [String: Any] } }
          return object
        },
        "repository": ["looseObjects": run.objects.loose, "packedObjects": run.objects.packed, "diskMiB": run.objects.diskMiB],
        "targets": analysis.targets.map { check -> [String: Any] in
          ["name": check.name, "limit": check.limit, "measured": check.measured, "met": check.met.map { $0 as Any } ?? NSNull()]
        },
        "targetsApply": run.employees == targetSize,
      ]
      var ratios: [String: Any] = ["dailyChanges": analysis.dailyChanges]
      if let value = analysis.objectsPerChange { ratios["objectsPerChange"] = value }
      if let value = analysis.dailyOverNoChange { ratios["dailyOverNoChangeTime"] = value }
      if let check = analysis.expectationCheck { ratios["planMatchesGenerator"] = check.matches }
      document["ratios"] = ratios
      if let fsck = run.fsck { document["fsck"] = fsck }
      if let load = run.loadAverage { document["loadAverage"] = ["before": load.before, "after": load.after] }
      if let kept = run.keptAt { document["keptAt"] = kept }
      return document
    }
    let comparisons: [[String: Any]] = EncryptionComparison.pairs(runs).map { pair in
      [
        "employees": pair.plain.employees,
        "steps": pair.steps.map { plain, encrypted -> [String: Any] in
          [
            "key": plain.key, "plainWallSeconds": plain.measurement.wallSeconds, "encryptedWallSeconds": encrypted.measurement.wallSeconds,
            "plainPeakRSSMiB": plain.measurement.peakRSSMiB, "encryptedPeakRSSMiB": encrypted.measurement.peakRSSMiB,
          ]
        },
        "plainDiskMiB": pair.plain.objects.diskMiB, "encryptedDiskMiB": pair.encrypted.objects.diskMiB,
        "target": [
          "name": pair.target.name, "limit": pair.target.limit, "measured": pair.target.measured,
          "met": pair.target.met.map { $0 as Any } ?? NSNull(),
        ],
      ]
    }
    let root: [String: Any] = [
      "peoplesync": peoplesync, "churn": options.churn, "seed": options.seed, "runs": documents, "encryptionCost": comparisons,
    ]
    let data = try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
