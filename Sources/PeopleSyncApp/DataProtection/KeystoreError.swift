/// Problems with keys, each said plainly.
package enum KeystoreError: Error, CustomStringConvertible {
  case wrongMasterKey(String)
  case damaged(String)
  case unreadable(String, String)
  case noMasterKey(String)
  /// A name that is no tenant id was about to become a keystore file name.
  case notATenant(String)

  /// The problem and what to do about it.
  package var description: String {
    switch self {
    case .wrongMasterKey(let file):
      "the master key does not open \(file): set PEOPLESYNC_MASTER_KEY (or PEOPLESYNC_MASTER_KEY_FILE) to the key this keystore was written with"
    case .damaged(let file): "the keystore file \(file) is damaged (truncated or modified); restore it from a backup. Nothing was changed."
    case .unreadable(let file, let why): "cannot read or write the keystore file \(file): \(why)"
    case .noMasterKey(let why): why
    case .notATenant(let name): "refusing to use \(name.debugDescription) as a tenant in the keystore: it is no tenant id"
    }
  }
}
