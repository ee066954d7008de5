import CLibGit2
import PackKit

/// The state of one fetch or push, reached from libgit2's callbacks through their payload:
/// the credentials still to try, and what the remote said about each reference.
final class RemoteSession {
  let provider: CredentialProvider?
  let display: String
  private var candidates: [Credential]?
  private(set) var tried: [String] = []
  /// Set when the remote asked for credentials and there were none left to give.
  private(set) var authenticationFailed = false
  /// The reference a push updates and the value it must have on the remote (nil: absent).
  var lease: (reference: String, old: ObjectID?)?
  /// Why the lease did not hold, found while negotiating the push.
  private(set) var leaseBroken: String?
  /// Each reference the remote reported on after a push: nil when updated, or its reason.
  private(set) var statuses: [String: String?] = [:]

  init(provider: CredentialProvider?, display: String) {
    self.provider = provider
    self.display = display
  }

  /// Points `callbacks` at this session; keep the session alive while libgit2 may call them.
  func install(_ callbacks: inout git_remote_callbacks) {
    callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
    callbacks.credentials = { out, url, userFromURL, allowed, payload in
      RemoteSession.from(payload).credential(
        out, url: url.map { String(cString: $0) } ?? "", userFromURL: userFromURL.map { String(cString: $0) }, allowed: allowed)
    }
    callbacks.push_negotiation = { updates, count, payload in
      let session = RemoteSession.from(payload)
      guard let lease = session.lease, let updates else { return 0 }
      for index in 0..<count {
        guard let update = updates[index]?.pointee, String(cString: update.dst_refname) == lease.reference else { continue }
        var src = update.src
        let current = git_oid_is_zero(&src) == 1 ? nil : ObjectID(src)
        if current != lease.old {
          session.leaseBroken =
            "\(lease.reference) is at \(current?.short ?? "nothing") on the remote, not at \(lease.old?.short ?? "nothing") as fetched"
          return GIT_EUSER.rawValue
        }
      }
      return 0
    }
    callbacks.push_update_reference = { reference, status, payload in
      guard let reference else { return 0 }
      RemoteSession.from(payload).statuses[String(cString: reference)] = .some(status.map { String(cString: $0) })
      return 0
    }
  }

  private static func from(_ payload: UnsafeMutableRawPointer?) -> RemoteSession {
    Unmanaged<RemoteSession>.fromOpaque(payload!).takeUnretainedValue()
  }

  /// Hands libgit2 the next credential the remote accepts the kind of; libgit2 asks again after
  /// each one the remote refuses, so each is offered once and then the session gives up.
  private func credential(
    _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>?, url: String, userFromURL: String?, allowed: UInt32
  ) -> Int32 {
    let ssh = allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0
    let password = allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0
    if candidates == nil {
      let request = CredentialRequest(url: url, userFromURL: userFromURL, acceptsSSHKey: ssh, acceptsUserPassword: password)
      candidates = provider?(request) ?? []
    }
    // ssh without a user in the URL asks for the user name first.
    if allowed & GIT_CREDENTIAL_USERNAME.rawValue != 0, !ssh, !password {
      guard let user = candidates?.first(where: \.isSSH)?.user else { return fail() }
      return git_credential_username_new(out, user)
    }
    while let next = candidates?.first {
      candidates?.removeFirst()
      tried.append(next.label)
      switch next.kind {
      case .userPassword(let user, let secret) where password:
        return git_credential_userpass_plaintext_new(out, user, secret)
      case .sshAgent(let user) where ssh:
        return git_credential_ssh_key_from_agent(out, user)
      case .sshKey(let user, let publicKey, let privateKey, let passphrase) where ssh:
        return git_credential_ssh_key_new(out, user, publicKey, privateKey, passphrase)
      default:
        tried.removeLast()
      }
    }
    return fail()
  }

  private func fail() -> Int32 {
    authenticationFailed = true
    git_error_set_str(Int32(GIT_ERROR_CALLBACK.rawValue), "no accepted credentials")
    return GIT_EAUTH.rawValue
  }

  /// Throws for a failed call: an authentication failure as such, anything else as libgit2 said it.
  func check(_ rc: Int32, _ what: @autoclosure () -> String) throws {
    guard rc < 0 else { return }
    if authenticationFailed || rc == GIT_EAUTH.rawValue {
      git_error_clear()
      throw RemoteError.authentication(remote: display, tried: tried)
    }
    try GitKit.check(rc, what())
  }
}
