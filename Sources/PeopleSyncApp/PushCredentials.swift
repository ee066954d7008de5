import Foundation
import GitKit

/// The credentials `--push` offers a remote, as git users expect them, read from the environment
/// (never from the repository) and kept out of every message.
///
/// - https: a token, `PEOPLESYNC_GIT_TOKEN` (or the file `PEOPLESYNC_GIT_TOKEN_FILE` names, or
///   `GIT_TOKEN`), as the password of `PEOPLESYNC_GIT_USER`, the URL's user, or `x-access-token`.
/// - ssh: the key file `PEOPLESYNC_SSH_KEY` (passphrase `PEOPLESYNC_SSH_KEY_PASSPHRASE`), then the
///   ssh agent (`SSH_AUTH_SOCK`), then `~/.ssh/id_ed25519`, `id_ecdsa`, `id_rsa`, as the URL's
///   user or `git`. Host keys are checked against `~/.ssh/known_hosts` by libgit2.
struct PushCredentials {
  let environment: [String: String]

  /// The token for https remotes and the variable it came from, when one is set.
  var token: (value: String, variable: String)? {
    if let value = environment["PEOPLESYNC_GIT_TOKEN"], !value.isEmpty { return (value, "PEOPLESYNC_GIT_TOKEN") }
    if let file = environment["PEOPLESYNC_GIT_TOKEN_FILE"], !file.isEmpty,
      let data = FileManager.default.contents(atPath: file), var text = String(data: data, encoding: .utf8)
    {
      while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
      if !text.isEmpty { return (text, "PEOPLESYNC_GIT_TOKEN_FILE") }
    }
    if let value = environment["GIT_TOKEN"], !value.isEmpty { return (value, "GIT_TOKEN") }
    return nil
  }

  /// What to offer for one request, in the order to try it.
  func candidates(_ request: CredentialRequest) -> [Credential] {
    var result: [Credential] = []
    if request.acceptsUserPassword, let token {
      let user = environment["PEOPLESYNC_GIT_USER"].flatMap { $0.isEmpty ? nil : $0 } ?? request.userFromURL ?? "x-access-token"
      result.append(Credential(.userPassword(user: user, password: token.value), label: "a token from \(token.variable) as \(user)"))
    }
    if request.acceptsSSHKey {
      let user = request.userFromURL ?? "git"
      if let key = environment["PEOPLESYNC_SSH_KEY"], !key.isEmpty {
        let passphrase = environment["PEOPLESYNC_SSH_KEY_PASSPHRASE"]
        result.append(
          Credential(
            .sshKey(user: user, publicKey: nil, privateKey: key, passphrase: passphrase), label: "the key PEOPLESYNC_SSH_KEY names (\(key))"
          ))
      }
      if let socket = environment["SSH_AUTH_SOCK"], !socket.isEmpty {
        result.append(Credential(.sshAgent(user: user), label: "the ssh agent's keys as \(user)"))
      }
      if let home = environment["HOME"] {
        for name in ["id_ed25519", "id_ecdsa", "id_rsa"] where FileManager.default.fileExists(atPath: "\(home)/.ssh/\(name)") {
          let key = "\(home)/.ssh/\(name)"
          result.append(Credential(.sshKey(user: user, publicKey: nil, privateKey: key, passphrase: nil), label: key))
        }
      }
    }
    return result
  }

  var provider: CredentialProvider {
    let copy = self
    return { copy.candidates($0) }
  }

  /// `text` with the token, and the Basic form any header made with it would have, replaced.
  func redact(_ text: String) -> String {
    guard let token = token?.value, !token.isEmpty else { return text }
    var text = text.replacingOccurrences(of: token, with: "[redacted]")
    for user in ["x-access-token", environment["PEOPLESYNC_GIT_USER"] ?? ""] where !user.isEmpty {
      text = text.replacingOccurrences(of: Data("\(user):\(token)".utf8).base64EncodedString(), with: "[redacted]")
    }
    return text
  }
}
