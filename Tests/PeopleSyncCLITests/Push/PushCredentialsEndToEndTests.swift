import Foundation
import TestSupport
import Testing

/// `--push` to an https-style remote (git's smart HTTP) that wants a token to push.
@Suite("sync --push credentials")
struct PushCredentialsEndToEndTests {
  static let token = "ps-test-token-5f1c9a7e"

  /// The output must not hold the token, nor the Basic header made of it.
  static func expectNoToken(_ result: ProcessResult, sourceLocation: SourceLocation = #_sourceLocation) {
    let basic = Data("x-access-token:\(token)".utf8).base64EncodedString()
    #expect(!result.transcript.contains(token) && !result.transcript.contains(basic), "the token leaked", sourceLocation: sourceLocation)
  }

  @Test("the token from PEOPLESYNC_GIT_TOKEN is the password of x-access-token; the push lands; the token is never printed")
  func tokenPushes() throws {
    let remote = try StateRemote(tenants: ["globex"])
    let server = try SmartHTTPRemote(serving: remote.folder, token: Self.token)
    let clone = try remote.clone("ci", from: server.url("repo"))
    let result = try clone.peoplesync(["sync", "--as-of", "2026-11-29", "--push"], environment: ["PEOPLESYNC_GIT_TOKEN": Self.token])
    #expect(result.status == 0, "\(result.transcript)")
    #expect(try remote.pushed().count == 1 && clone.head() == remote.head())
    #expect(server.authorizations.contains("Basic " + Data("x-access-token:\(Self.token)".utf8).base64EncodedString()))
    Self.expectNoToken(result)
    try remote.expectSound()
  }

  @Test("a refused token fails the push with exit 5, names where the token came from, and never prints it")
  func refusedToken() throws {
    let remote = try StateRemote(tenants: ["globex"])
    let server = try SmartHTTPRemote(serving: remote.folder, token: "the-right-one")
    let clone = try remote.clone("ci", from: server.url("repo"))
    let result = try clone.peoplesync(
      ["sync", "--as-of", "2026-11-29", "--push"], environment: ["PEOPLESYNC_GIT_TOKEN": "", "GIT_TOKEN": Self.token])
    #expect(result.status == 5, "\(result.transcript)")
    #expect(result.stderr.contains("pushing sync globex to origin/main"), "\(result.stderr)")
    #expect(result.stderr.contains("did not accept the credentials tried (a token from GIT_TOKEN as x-access-token)"), "\(result.stderr)")
    #expect(!server.authorizations.isEmpty)
    Self.expectNoToken(result)
    #expect(try remote.pushed().isEmpty && clone.head() == remote.start)
  }

  @Test("without a token the push fails with exit 5 and says none is available")
  func noToken() throws {
    let remote = try StateRemote(tenants: ["globex"])
    let server = try SmartHTTPRemote(serving: remote.folder, token: Self.token)
    let clone = try remote.clone("ci", from: server.url("repo"))
    let result = try clone.peoplesync(
      ["sync", "--as-of", "2026-11-29", "--push"], environment: ["PEOPLESYNC_GIT_TOKEN": "", "GIT_TOKEN": ""])
    #expect(result.status == 5, "\(result.transcript)")
    #expect(result.stderr.contains("asks for credentials and none is available"), "\(result.stderr)")
    #expect(try remote.pushed().isEmpty)
  }
}

/// `--push` over ssh, against a real sshd running git's receive-pack.
@Suite("sync --push over ssh", .enabled(if: SSHGitServer.canRun, "needs root to run sshd"))
struct PushSSHEndToEndTests {
  @Test(
    "the key file PEOPLESYNC_SSH_KEY, then the ssh agent, authenticate; an unknown host key and a key the server refuses fail with exit 5")
  func sshCredentials() throws {
    let remote = try StateRemote(tenants: ["globex"])
    let server = try SSHGitServer(in: remote.folder)
    let clone = try remote.clone("ci")
    let url = server.url(remote.path)
    func sync(_ day: String, _ environment: [String: String]) throws -> ProcessResult {
      try clone.peoplesync(
        ["sync", "--as-of", day, "--push", url], environment: ["SSH_AUTH_SOCK": "", "PEOPLESYNC_SSH_KEY": ""].merging(environment) { $1 })
    }

    // A host key that is not in known_hosts: refused before any credential is offered.
    let strangerHome = remote.folder + "/stranger-home"
    try FileManager.default.createDirectory(atPath: strangerHome + "/.ssh", withIntermediateDirectories: true)
    let unknownHost = try sync("2026-11-29", ["HOME": strangerHome, "PEOPLESYNC_SSH_KEY": server.clientKey])
    #expect(unknownHost.status == 5 && unknownHost.stderr.contains("hostkey"), "\(unknownHost.transcript)")

    // A key the server does not know.
    let other = remote.folder + "/other-key"
    try Shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other])
    let refused = try sync("2026-11-29", ["HOME": server.home, "PEOPLESYNC_SSH_KEY": other])
    #expect(refused.status == 5, "\(refused.transcript)")
    #expect(
      refused.stderr.contains("did not accept the credentials tried (the key PEOPLESYNC_SSH_KEY names (\(other)))"), "\(refused.stderr)")
    #expect(try remote.pushed().isEmpty)

    let keyFile = try sync("2026-11-29", ["HOME": server.home, "PEOPLESYNC_SSH_KEY": server.clientKey])
    #expect(keyFile.status == 0 && keyFile.stdout.contains("pushed to main of \(url)"), "\(keyFile.transcript)")
    #expect(try remote.pushed().count == 1)

    // The agent holds the key; nothing else is offered.
    let socket = remote.folder + "/agent.sock"
    let agent = try ServerProcess(["/usr/bin/ssh-agent", "-D", "-a", socket], folder: remote.folder)
    defer { agent.stop(SIGKILL) }
    var added = try Shell.run(["ssh-add", "-q", server.clientKey], environment: ["SSH_AUTH_SOCK": socket])
    for _ in 0..<50 where added.status != 0 {
      usleep(100_000)
      added = try Shell.run(["ssh-add", "-q", server.clientKey], environment: ["SSH_AUTH_SOCK": socket])
    }
    #expect(added.status == 0, "\(added.transcript)")
    _ = try PushEndToEndTests.newGlobexSnapshot(remote)
    try remote.repository.commitAll("globex: a new hire")
    let viaAgent = try sync("2026-11-30", ["HOME": server.home, "SSH_AUTH_SOCK": socket])
    #expect(viaAgent.status == 0 && viaAgent.stdout.contains("pushed to"), "\(viaAgent.transcript)")
    #expect(try remote.subject(remote.head()).hasPrefix("sync globex") && clone.head() == remote.head())
    try remote.expectSound()
  }
}
