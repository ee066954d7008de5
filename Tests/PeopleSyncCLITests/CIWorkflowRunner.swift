import Foundation
import TestSupport
import Testing

/// Runs the steps of a workflow in `examples/ci/` the way a GitHub Actions runner would, against a
/// local remote: enough of GitHub for the examples, and a failure for anything it does not know
/// (an expression without a value, an `if:` it cannot read, an action other than checkout), so an
/// example cannot drift from what this runner checks.
///
/// - `actions/checkout` is a non-bare clone of the remote with `main` checked out (or the `ref:`
///   given, detached), full history.
/// - Steps named `Install peoplesync…` are replaced by putting the binary under test on the PATH.
/// - `run:` blocks run in order with `bash -e` in the checkout, with `GITHUB_WORKSPACE`,
///   `GITHUB_PATH`, `GITHUB_ENV`, `GITHUB_OUTPUT`, `GITHUB_REF_NAME`, `RUNNER_TEMP` and the rest,
///   the workflow's, job's and step's `env:` with `${{ … }}` taken from `values`, and `stubs` (such
///   as `gh`) first on the PATH. `runs-on`, `container`, `environment` and `concurrency` are the
///   platform's and are not modelled; `/var/lib/peoplesync` (the runner's persistent volume) is a
///   folder of the test.
final class CIWorkflowRunner {
  /// What one step did.
  struct StepRun {
    let name: String
    /// Nil for a step that was not run (its `if:` was false, or an earlier step failed).
    let result: ProcessResult?
  }

  struct JobRun {
    let steps: [StepRun]
    let workspace: String
    /// Every step that ran exited 0.
    var succeeded: Bool { steps.allSatisfy { ($0.result?.status ?? 0) == 0 } }
    func step(_ name: String) -> StepRun? { steps.first { $0.name.hasPrefix(name) } }
    var transcript: String {
      steps.map { "## \($0.name)\n\($0.result.map(\.transcript) ?? "(not run)")" }.joined(separator: "\n")
    }
  }

  static let installStep = "Install peoplesync"

  let workflow: [String: Any]
  let folder: String
  /// `${{ expression }}` values, by expression (`secrets.PEOPLESYNC_MASTER_KEY`, `github.token`).
  var values: [String: String]
  /// Programs put first on the PATH, by name, as shell scripts.
  var stubs: [String: String] = [:]

  init(_ name: String, in folder: String, values: [String: String]) throws {
    workflow = try CIExamplesTests.workflow(name)
    self.folder = folder
    self.values = values
  }

  /// The runner's persistent volume, inside the test's folder.
  var volume: String { folder + "/var-lib-peoplesync" }

  /// Runs the workflow's one job for an event on `refName`, its checkout made from `remote`.
  func run(remote: String, refName: String = "main") throws -> JobRun {
    let jobs = try #require(workflow["jobs"] as? [String: [String: Any]])
    #expect(jobs.count == 1, "the runner models one job")
    let job = try #require(jobs.values.first)
    let run = folder + "/run-\(UUID().uuidString.prefix(8))"
    let workspace = run + "/workspace"
    let temp = run + "/temp"
    let home = run + "/home"
    let bin = run + "/stubs"
    for path in [temp, home, bin, volume] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    for (name, script) in stubs {
      try script.write(toFile: bin + "/" + name, atomically: true, encoding: .utf8)
      try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/" + name)
    }
    let pathFile = temp + "/github_path"
    let envFile = temp + "/github_env"
    for file in [pathFile, envFile] { FileManager.default.createFile(atPath: file, contents: nil) }
    var outputs: [String: [String: String]] = [:]
    if let condition = job["if"] as? String, try !evaluate(condition, outputs: outputs) { return JobRun(steps: [], workspace: workspace) }

    var steps: [StepRun] = []
    var failed = false
    for (index, step) in (job["steps"] as? [[String: Any]] ?? []).enumerated() {
      let name = step["name"] as? String ?? (step["uses"] as? String) ?? "step \(index)"
      if failed {
        steps.append(StepRun(name: name, result: nil))
        continue
      }
      if let condition = step["if"] as? String, try !evaluate(condition, outputs: outputs) {
        steps.append(StepRun(name: name, result: nil))
        continue
      }
      if let uses = step["uses"] as? String {
        guard uses.hasPrefix("actions/checkout@") else { throw TestFailure("the runner does not know the action \(uses)") }
        let with = step["with"] as? [String: Any] ?? [:]
        var result = try Shell.run(["git", "clone", "-q", "--branch", refName, remote, workspace])
        if result.status == 0, let ref = with["ref"] as? String {
          result = try Shell.run(["git", "checkout", "-q", "--detach", try substitute(ref, outputs: outputs)], in: workspace)
        }
        steps.append(StepRun(name: name, result: result))
        failed = result.status != 0
        continue
      }
      if name.hasPrefix(Self.installStep) {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: pathFile))
        handle.seekToEndOfFile()
        handle.write(Data((Paths.productsFolder.path + "\n").utf8))
        try handle.close()
        steps.append(StepRun(name: name, result: ProcessResult(status: 0, stdout: "(replaced by the binary under test)", stderr: "")))
        continue
      }
      guard let script = step["run"] as? String else { throw TestFailure("\(name): neither uses nor run") }
      let outputFile = temp + "/output-\(index)"
      FileManager.default.createFile(atPath: outputFile, contents: nil)
      var environment = [
        "CI": "true", "GITHUB_ACTIONS": "true", "HOME": home, "GITHUB_WORKSPACE": workspace, "GITHUB_PATH": pathFile,
        "GITHUB_ENV": envFile, "GITHUB_OUTPUT": outputFile, "GITHUB_REF_NAME": refName, "GITHUB_REF": "refs/heads/\(refName)",
        "GITHUB_EVENT_NAME": values["github.event_name"] ?? "push", "GITHUB_REPOSITORY": "example/state",
        "GITHUB_ACTOR": values["github.actor"] ?? "someone", "RUNNER_TEMP": temp,
      ]
      for scope in [workflow["env"], job["env"], step["env"]] {
        for (key, value) in scope as? [String: Any] ?? [:] { environment[key] = try substitute("\(value)", outputs: outputs) }
      }
      for line in try String(contentsOfFile: envFile, encoding: .utf8).split(separator: "\n") {
        guard let equals = line.firstIndex(of: "=") else { continue }
        environment[String(line[..<equals])] = String(line[line.index(after: equals)...])
      }
      let added = try String(contentsOfFile: pathFile, encoding: .utf8).split(separator: "\n").reversed().map(String.init)
      environment["PATH"] = ([bin] + added + [ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]).joined(separator: ":")
      let file = temp + "/step-\(index).sh"
      try script.write(toFile: file, atomically: true, encoding: .utf8)
      let result = try Shell.run(["/bin/bash", "-e", file], in: workspace, environment: environment)
      steps.append(StepRun(name: name, result: result))
      if let id = step["id"] as? String {
        var values: [String: String] = [:]
        for line in try String(contentsOfFile: outputFile, encoding: .utf8).split(separator: "\n") {
          guard let equals = line.firstIndex(of: "=") else { continue }
          values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        outputs[id] = values
      }
      failed = result.status != 0
    }
    return JobRun(steps: steps, workspace: workspace)
  }

  /// The value of one expression: from `values`, or a step's output.
  private func value(_ expression: String, outputs: [String: [String: String]]) throws -> String {
    let expression = expression.trimmingCharacters(in: .whitespaces)
    let parts = expression.split(separator: ".").map(String.init)
    if parts.count == 4, parts[0] == "steps", parts[2] == "outputs" { return outputs[parts[1]]?[parts[3]] ?? "" }
    guard let value = values[expression] else { throw TestFailure("the runner has no value for ${{ \(expression) }}") }
    return value
  }

  /// `text` with each `${{ … }}` replaced, and the runner's volume where `/var/lib/peoplesync` was.
  private func substitute(_ text: String, outputs: [String: [String: String]]) throws -> String {
    var result = ""
    var rest = Substring(text)
    while let open = rest.range(of: "${{") {
      guard let close = rest[open.upperBound...].range(of: "}}") else { throw TestFailure("unclosed expression in \(text)") }
      result += rest[..<open.lowerBound]
      result += try value(String(rest[open.upperBound..<close.lowerBound]), outputs: outputs)
      rest = rest[close.upperBound...]
    }
    result += rest
    return result.replacingOccurrences(of: "/var/lib/peoplesync", with: volume)
  }

  /// An `if:` of the forms the examples use: `left == 'literal'` or `left != 'literal'`.
  private func evaluate(_ condition: String, outputs: [String: [String: String]]) throws -> Bool {
    var text = condition.trimmingCharacters(in: .whitespaces)
    if text.hasPrefix("${{") && text.hasSuffix("}}") { text = String(text.dropFirst(3).dropLast(2)) }
    guard let match = text.wholeMatch(of: /\s*([A-Za-z0-9_.\-]+)\s*(==|!=)\s*'([^']*)'\s*/) else {
      throw TestFailure("the runner cannot evaluate if: \(condition)")
    }
    let left = try value(String(match.1), outputs: outputs)
    return (left == String(match.3)) == (match.2 == "==")
  }
}
