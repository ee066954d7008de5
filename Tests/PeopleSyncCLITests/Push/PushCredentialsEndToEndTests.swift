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
