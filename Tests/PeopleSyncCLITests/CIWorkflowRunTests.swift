import Foundation
import TestSupport
import Testing

/// The workflows in `examples/ci/` run, step by step, against a local remote served over git's
/// smart HTTP with a token (`CIWorkflowRunner`), and what they leave on the remote is checked.
@Suite("CI examples, run")
struct CIWorkflowRunTests {
  static let token = "ghs-test-token-0c4f"
  static let masterKey = String(repeating: "5a", count: 32)

  /// A remote with the example tenants, served with the job's token, and a runner for `workflow`.
  static func setup(_ workflow: String, values: [String: String] = [:]) throws -> (StateRemote, SmartHTTPRemote, CIWorkflowRunner) {
    let remote = try StateRemote()
    let server = try SmartHTTPRemote(serving: remote.folder, token: token)
    let runner = try CIWorkflowRunner(
      workflow, in: remote.folder,
      values: ["secrets.PEOPLESYNC_MASTER_KEY": masterKey, "github.token": token, "github.actor": "someone"].merging(values) { $1 })
    // The keys the workflow writes are those every other check reads.
    remote.environment = ["PEOPLESYNC_KEYSTORE": runner.volume + "/keys", "PEOPLESYNC_MASTER_KEY": masterKey]
    return (remote, server, runner)
  }

  static func subjects(_ remote: StateRemote) throws -> [String] {
    try remote.pushed().map { try remote.subject($0).components(separatedBy: ":")[0] }
  }

  @Test("sync-on-merge.yml on a push to main: syncs every tenant, pushes with the job's token; run again, pushes nothing")
  func syncOnMerge() throws {
    let (remote, server, runner) = try Self.setup("sync-on-merge.yml", values: ["github.event_name": "push"])
    let run = try runner.run(remote: server.url("repo"))
    #expect(run.succeeded, "\(run.transcript)")
    #expect(run.step(CIWorkflowRunner.installStep)?.result != nil)
    #expect(try Self.subjects(remote) == ["sync acme", "sync globex", "sync initech"])
    #expect(server.authorizations.contains("Basic " + Data("x-access-token:\(Self.token)".utf8).base64EncodedString()))
    #expect(try Shell.run(["git", "status", "--porcelain"], in: run.workspace).stdout.isEmpty)
    #expect(!run.transcript.contains(Self.token) && !run.transcript.contains(Self.masterKey))
    try remote.expectSound()

    let again = try runner.run(remote: server.url("repo"))
    #expect(again.succeeded, "\(again.transcript)")
    #expect(try remote.pushed().count == 3)
  }

  @Test("sync-daily.yml on its schedule: shows what is coming up, then run-daily --push pushes every tenant's sync")
  func syncDaily() throws {
    let (remote, server, runner) = try Self.setup("sync-daily.yml", values: ["github.event_name": "schedule"])
    let run = try runner.run(remote: server.url("repo"))
    #expect(run.succeeded, "\(run.transcript)")
    #expect(run.step("What is coming up")?.result?.status == 0)
    let daily = try #require(run.step("Fetch, sync and push")?.result)
    #expect(daily.stdout.contains("syncs 3 committed"), "\(daily.transcript)")
    #expect(try Self.subjects(remote) == ["sync acme", "sync globex", "sync initech"])
    try remote.expectSound()
  }

  /// A remote already synced, a pull request's commits at `refs/pull/7/head` made by `change`, and
  /// a runner for preview.yml whose `gh` records what it was asked to post.
  static func pullRequest(_ change: (Clone) throws -> Void) throws -> (
    remote: StateRemote, server: SmartHTTPRemote, runner: CIWorkflowRunner, head: String
  ) {
    let (remote, server, runner) = try setup("preview.yml", values: ["github.event_name": "pull_request_target"])
    let maintainer = try remote.clone("maintainer")
    let synced = try maintainer.peoplesync(["sync", "--push"])
    #expect(synced.status == 0, "\(synced.transcript)")
    remote.start = try remote.head()
    let author = try remote.clone("author")
    try change(author)
    try author.git(["commit", "-q", "-am", "a change proposed in a pull request"])
    try author.git(["push", "-q", "origin", "HEAD:refs/pull/7/head"])
    runner.values["github.event.pull_request.number"] = "7"
    runner.values["github.event.pull_request.base.sha"] = remote.start
    let log = remote.folder + "/gh.log"
    runner.stubs["gh"] = """
      #!/bin/sh
      echo "gh $* (GH_TOKEN=$GH_TOKEN)" >> \(log)
      while [ $# -gt 0 ]; do
        if [ "$1" = "--body-file" ]; then cp "$2" \(remote.folder)/comment.md; fi
        shift
      done
      """
    return (remote, server, runner, try author.head())
  }

  @Test("preview.yml on a pull request: checks out the base, fetches the pull request as data, posts the masked preview")
  func preview() throws {
    let (remote, server, runner, head) = try Self.pullRequest { author in
      try Globex.csv(try Globex.rows() + [PushEndToEndTests.newHire]).write(
        toFile: author.path + "/tenants/globex/sources/hr.csv", atomically: true, encoding: .utf8)
    }
    let run = try runner.run(remote: server.url("repo"))
    #expect(run.succeeded, "\(run.transcript)")
    #expect(run.step("Fail on invalid inputs")?.result == nil, "the plan succeeded: nothing to fail")
    #expect(try Shell.run(["git", "rev-parse", "HEAD"], in: run.workspace).stdout.hasPrefix(remote.start), "the base is checked out")
    #expect(try Shell.run(["git", "rev-parse", "refs/remotes/pull/head"], in: run.workspace).stdout.hasPrefix(head))
    let log = try String(contentsOfFile: remote.folder + "/gh.log", encoding: .utf8)
    #expect(log.hasPrefix("gh pr comment 7 --body-file preview.md --edit-last (GH_TOKEN=\(Self.token))"), "\(log)")
    let comment = try String(contentsOfFile: remote.folder + "/comment.md", encoding: .utf8)
    #expect(comment.contains("| `globex` | 1 to provision |"), "\(comment)")
    #expect(!comment.contains("nelson.muntz"), "personal data in the preview: \(comment)")
    #expect(try remote.head() == remote.start, "a preview pushes nothing")
  }

  @Test("preview.yml on a pull request that breaks a tenant: the preview is posted and the job fails")
  func previewOfInvalidInput() throws {
    let (remote, server, runner, _) = try Self.pullRequest { author in
      try "{ not json".write(toFile: author.path + "/tenants/globex/tenant.json", atomically: true, encoding: .utf8)
    }
    let run = try runner.run(remote: server.url("repo"))
    #expect(!run.succeeded)
    let failure = try #require(run.step("Fail on invalid inputs")?.result, "\(run.transcript)")
    #expect(failure.status == 1 && failure.stdout.contains("peoplesync plan exited 3"), "\(failure.transcript)")
    #expect(FileManager.default.fileExists(atPath: remote.folder + "/comment.md"), "the preview was not posted")
  }
}
