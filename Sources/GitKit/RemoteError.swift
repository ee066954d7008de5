/// What a remote answered to a push.
public enum PushResult: Equatable, Sendable {
  case pushed
  /// The remote did not take the update: its branch moved since it was fetched, or it refused
  /// (a hook, a protected branch). `reason` is the remote's own words, or what was found.
  case rejected(reason: String)
}

/// A remote that could not be used as asked; transport failures are `GitError`s.
public enum RemoteError: Error, CustomStringConvertible, Sendable {
  /// The remote asked for credentials and none of those offered (listed by label) was accepted.
  case authentication(remote: String, tried: [String])
  /// `name` is neither a remote configured in the repository nor a URL or path.
  case unknownRemote(String)
  /// A local path that is not a bare repository: pushing there would leave its checkout behind.
  case notBare(String)

  public var description: String {
    switch self {
    case .authentication(let remote, let tried):
      tried.isEmpty
        ? "\(remote) asks for credentials and none is available"
        : "\(remote) did not accept the credentials tried (\(tried.joined(separator: ", ")))"
    case .unknownRemote(let name):
      "there is no remote named '\(name)' in this repository ('git remote -v' lists them); a URL or a path works too"
    case .notBare(let path): "\(path) is not a bare repository; a local remote must be bare (git init --bare)"
    }
  }
}
