import Foundation
import TestSupport
import Testing

/// The workflows in `examples/ci/` parse, and every `peoplesync` command they run exists with the options given.
@Suite("CI examples")
struct CIExamplesTests {
  static let folder = Paths.packageRoot.appendingPathComponent("examples/ci")

  @Test("each workflow is valid YAML with triggers and jobs, and its peoplesync commands are real")
  func workflows() throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".yml") }.sorted()
    #expect(names == ["preview.yml", "sync-daily.yml", "sync-on-merge.yml"])
    var commands: [[String]] = []
    for name in names {
      // PyYAML turns the workflow into JSON; the `on` key reads as true in YAML 1.1.
      let script = "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1])), default=str))"
      let parsed = try Shell.run(["python3", "-c", script, Self.folder.appendingPathComponent(name).path], in: Self.folder.path)
      #expect(parsed.status == 0, "\(name): \(parsed.transcript)")
      let document = try json(parsed.stdout)
      #expect(document["jobs"] is [String: Any], "\(name) has jobs")
      #expect(document["on"] != nil || document["true"] != nil, "\(name) has triggers")
      let jobs = document["jobs"] as? [String: [String: Any]] ?? [:]
      for job in jobs.values {
        for step in job["steps"] as? [[String: Any]] ?? [] {
          guard let run = step["run"] as? String else { continue }
          // Join continued lines, then take each peoplesync invocation up to a redirection.
          let text = run.replacingOccurrences(of: "\\\n", with: " ")
          for line in text.split(separator: "\n") {
            guard let start = line.range(of: "peoplesync ")?.lowerBound, !line.contains("/peoplesync") || line.hasPrefix("peoplesync")
            else {
              continue
            }
            let words = line[start...].split(separator: " ").map(String.init).prefix { !$0.hasPrefix(">") && $0 != "||" && $0 != "&&" }
            commands.append(Array(words.dropFirst()))
          }
        }
      }
    }
    let used = Set(commands.compactMap(\.first))
    #expect(used == ["plan", "sync", "upcoming"], "\(commands)")
    for command in commands {
      let help = try Shell.run([Paths.peoplesync, command[0], "--help"], in: Self.folder.path)
      #expect(help.status == 0, "\(command): \(help.transcript)")
      for option in command.dropFirst() where option.hasPrefix("--") {
        #expect(help.stdout.contains(option), "peoplesync \(command[0]) has no option \(option)")
      }
    }
  }
}
