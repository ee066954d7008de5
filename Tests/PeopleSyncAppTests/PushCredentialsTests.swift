import Foundation
import GitKit
import TestSupport
import Testing

@testable import PeopleSyncApp

@Suite("push credentials")
struct PushCredentialsTests {
  static func request(ssh: Bool, user: String? = nil) -> CredentialRequest {
    CredentialRequest(url: "x", userFromURL: user, acceptsSSHKey: ssh, acceptsUserPassword: !ssh)
  }

  @Test("https: the token, from PEOPLESYNC_GIT_TOKEN before its _FILE and GIT_TOKEN, as x-access-token unless a user is named")
  func token() throws {
    let folder = try TemporaryDirectory()
    let file = try folder.write("token", "from-file\n").path
    let labels = { (environment: [String: String], user: String?) in
      PushCredentials(environment: environment).candidates(Self.request(ssh: false, user: user)).map(\.label)
    }
    #expect(labels(["PEOPLESYNC_GIT_TOKEN": "a", "GIT_TOKEN": "b"], nil) == ["a token from PEOPLESYNC_GIT_TOKEN as x-access-token"])
    #expect(labels(["PEOPLESYNC_GIT_TOKEN_FILE": file, "GIT_TOKEN": "b"], "bot") == ["a token from PEOPLESYNC_GIT_TOKEN_FILE as bot"])
    #expect(labels(["GIT_TOKEN": "b", "PEOPLESYNC_GIT_USER": "ci"], "bot") == ["a token from GIT_TOKEN as ci"])
    #expect(labels([:], nil).isEmpty)
    #expect(PushCredentials(environment: ["PEOPLESYNC_GIT_TOKEN_FILE": file]).token?.value == "from-file")
    // The token is for https only.
    #expect(PushCredentials(environment: ["GIT_TOKEN": "b"]).candidates(Self.request(ssh: true)).isEmpty)
  }

  @Test("ssh: the named key, then the agent, then the default keys, as the URL's user or git")
  func ssh() throws {
    let home = try TemporaryDirectory()
    try home.write(".ssh/id_rsa", "key")
    let credentials = PushCredentials(environment: ["PEOPLESYNC_SSH_KEY": "/keys/deploy", "SSH_AUTH_SOCK": "/run/agent", "HOME": home.path])
    let offered = credentials.candidates(Self.request(ssh: true, user: "deploy"))
    #expect(
      offered.map(\.label) == [
        "the key PEOPLESYNC_SSH_KEY names (/keys/deploy)", "the ssh agent's keys as deploy", home.path + "/.ssh/id_rsa",
      ])
    #expect(offered.allSatisfy { $0.user == "deploy" })
    #expect(PushCredentials(environment: ["SSH_AUTH_SOCK": "/run/agent"]).candidates(Self.request(ssh: true)).map(\.user) == ["git"])
  }

  @Test("the token, and the Basic header made of it, are redacted from messages")
  func redaction() {
    let credentials = PushCredentials(environment: ["PEOPLESYNC_GIT_TOKEN": "t0ken"])
    let basic = Data("x-access-token:t0ken".utf8).base64EncodedString()
    #expect(credentials.redact("bad t0ken in Basic \(basic)") == "bad [redacted] in Basic [redacted]")
  }
}
