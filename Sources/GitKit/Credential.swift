/// One way to authenticate to a remote, offered to libgit2 when the remote asks.
///
/// The secret parts are handed to libgit2 and nowhere else: `label` is what messages show.
public struct Credential: Sendable {
  public enum Kind: Sendable {
    /// A user name and password (for https, a token as the password).
    case userPassword(user: String, password: String)
    /// The keys the ssh agent (`SSH_AUTH_SOCK`) holds.
    case sshAgent(user: String)
    /// A private key file (the public key is derived when `publicKey` is nil).
    case sshKey(user: String, publicKey: String?, privateKey: String, passphrase: String?)
  }

  public let kind: Kind
  /// What this credential is, for messages: never the secret ("a token from GIT_TOKEN").
  public let label: String

  public init(_ kind: Kind, label: String) {
    self.kind = kind
    self.label = label
  }

  /// The user name the credential authenticates as.
  public var user: String {
    switch kind {
    case .userPassword(let user, _), .sshAgent(let user), .sshKey(let user, _, _, _): user
    }
  }

  var isSSH: Bool {
    if case .userPassword = kind { return false }
    return true
  }
}

/// What a remote asked for: the URL, the user name the URL names (`git@host:...`), and whether it
/// takes ssh keys or a user name and password.
public struct CredentialRequest: Sendable {
  public let url: String
  public let userFromURL: String?
  public let acceptsSSHKey: Bool
  public let acceptsUserPassword: Bool

  public init(url: String, userFromURL: String?, acceptsSSHKey: Bool, acceptsUserPassword: Bool) {
    self.url = url
    self.userFromURL = userFromURL
    self.acceptsSSHKey = acceptsSSHKey
    self.acceptsUserPassword = acceptsUserPassword
  }
}

/// Gives the credentials to try, in order, for a request; asked once per connection.
public typealias CredentialProvider = @Sendable (CredentialRequest) -> [Credential]
