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
    #expect(used == ["plan", "run-daily", "sync", "upcoming"], "\(commands)")
    // The syncs push themselves: planned on the remote's head, never rebased by a git pull.
    #expect(commands.filter { ["sync", "run-daily"].contains($0[0]) }.allSatisfy { $0.contains("--push") }, "\(commands)")
    for command in commands {
      let help = try Shell.run([Paths.peoplesync, command[0], "--help"], in: Self.folder.path)
      #expect(help.status == 0, "\(command): \(help.transcript)")
      for option in command.dropFirst() where option.hasPrefix("--") {
        #expect(help.stdout.contains(option), "peoplesync \(command[0]) has no option \(option)")
      }
    }
  }

  /// A workflow as JSON (PyYAML reads `on` as true in YAML 1.1).
  static func workflow(_ name: String) throws -> [String: Any] {
    let script = "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1])), default=str))"
    let parsed = try Shell.run(["python3", "-c", script, folder.appendingPathComponent(name).path], in: folder.path)
    return try json(parsed.stdout)
  }

  static func steps(_ document: [String: Any]) -> [[String: Any]] {
    (document["jobs"] as? [String: [String: Any]] ?? [:]).values.flatMap { $0["steps"] as? [[String: Any]] ?? [] }
  }

  @Test("the pull-request preview runs the base branch's workflow, never checks out or runs pull-request content, and scopes the key")
  func previewIsTrusted() throws {
    let document = try Self.workflow("preview.yml")
    let triggers = (document["on"] ?? document["true"]) as? [String: Any] ?? [:]
    #expect(Array(triggers.keys) == ["pull_request_target"], "a pull_request trigger runs the pull request's own workflow file")
    let job = try #require((document["jobs"] as? [String: [String: Any]])?["preview"])
    #expect(job["environment"] as? String == "peoplesync-preview", "the key needs the environment's reviewers")
    #expect((job["env"] as? [String: Any])?["PEOPLESYNC_MASTER_KEY"] == nil, "the key belongs to one step, not the job")
    let text = try String(contentsOf: Self.folder.appendingPathComponent("preview.yml"), encoding: .utf8)
    for step in Self.steps(document) {
      if let with = step["with"] as? [String: Any], let ref = with["ref"] as? String {
        #expect(!ref.contains("head"), "checks out the pull request: \(ref)")
      }
      let run = step["run"] as? String ?? ""
      // Event text in a script is script injection; ids and numbers go through the environment.
      #expect(!run.contains("${{"), "an expression inside a script: \(run)")
      let usesKey = (step["env"] as? [String: Any])?.keys.contains("PEOPLESYNC_MASTER_KEY") ?? false
      #expect(
        !usesKey || run.hasPrefix("set +e\npeoplesync plan "), "the key is given to a step that runs more than peoplesync plan: \(run)")
    }
    #expect(!text.contains("pull_request.head.sha") && !text.contains("head.ref"))
  }

  @Test("every workflow installs peoplesync from its released package, never by building it, nor pulls, rebases or pushes with git")
  func installsTheRelease() throws {
    for name in ["preview.yml", "sync-daily.yml", "sync-on-merge.yml"] {
      let document = try Self.workflow(name)
      let version = (document["env"] as? [String: Any])?["PEOPLESYNC_VERSION"] as? String ?? ""
      #expect(version.wholeMatch(of: /[0-9]+\.[0-9]+\.[0-9]+/) != nil, "\(name): PEOPLESYNC_VERSION '\(version)'")
      let steps = Self.steps(document)
      // CIWorkflowRunner replaces the steps with this name by the binary under test.
      let installs = steps.filter { ($0["name"] as? String)?.hasPrefix(CIWorkflowRunner.installStep) == true }
      #expect(installs.count == 1, "\(name) has \(installs.count) steps named '\(CIWorkflowRunner.installStep)…'")
      for step in installs {
        let run = step["run"] as? String ?? ""
        #expect(
          run.contains(
            "https://github.com/example/peoplesync/releases/download/v${PEOPLESYNC_VERSION}/peoplesync_${PEOPLESYNC_VERSION}_amd64.deb"),
          "\(name): \(run)")
        #expect(run.contains("apt-get install -y ./peoplesync_*.deb"), "\(name): \(run)")
      }
      for run in steps.compactMap({ $0["run"] as? String }) {
        for word in ["swift build", "git clone", "git pull", "git rebase", "git push", "scripts/packages"] {
          #expect(!run.contains(word), "\(name) runs \(word): \(run)")
        }
      }
      #expect(steps.first?["uses"] as? String == "actions/checkout@v4", "\(name) starts with a checkout")
    }
  }

  @Test("the sync workflows give the master key and the push token only to the steps that run peoplesync, never to the job")
  func secretsScoped() throws {
    for name in ["sync-daily.yml", "sync-on-merge.yml"] {
      let document = try Self.workflow(name)
      for job in (document["jobs"] as? [String: [String: Any]] ?? [:]).values {
        let env = job["env"] as? [String: Any] ?? [:]
        #expect(env["PEOPLESYNC_MASTER_KEY"] == nil && env["PEOPLESYNC_GIT_TOKEN"] == nil, "\(name): a secret in the job's env")
      }
      var pushes = 0
      for step in Self.steps(document) {
        let env = step["env"] as? [String: Any] ?? [:]
        let run = step["run"] as? String ?? ""
        if env["PEOPLESYNC_MASTER_KEY"] != nil || env["PEOPLESYNC_GIT_TOKEN"] != nil {
          #expect(run.contains("peoplesync "), "\(name): a secret given to \(run)")
        }
        if run.contains("--push") {
          pushes += 1
          #expect(env["PEOPLESYNC_GIT_TOKEN"] as? String == "${{ github.token }}", "\(name): the push has no token")
        }
      }
      #expect(pushes == 1, "\(name)")
    }
  }

  @Test("CI installs the one package list, and that list has every package Package.swift builds with")
  func onePackageList() throws {
    let list = try String(contentsOf: Paths.packageRoot.appendingPathComponent("scripts/packages"), encoding: .utf8)
    let packages = Set(
      list.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") })
    let manifest = try String(contentsOf: Paths.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
    let provided = manifest.matches(of: /\.apt\(\["([^"]+)"\]\)/).map { String($0.1) }
    #expect(provided.count >= 6 && provided.contains("libmicrohttpd-dev") && provided.contains("libcurl4-openssl-dev"))
    #expect(Set(provided).subtracting(packages).isEmpty, "missing from scripts/packages: \(Set(provided).subtracting(packages))")
    let ci = try String(contentsOf: Paths.packageRoot.appendingPathComponent(".ci/run"), encoding: .utf8)
    #expect(ci.contains("scripts/packages"))
  }
}
