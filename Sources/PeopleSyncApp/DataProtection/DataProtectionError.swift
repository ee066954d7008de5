/// Why a blob could not be opened.
package enum DataProtectionError: Error, CustomStringConvertible {
  /// The key was destroyed on purpose: the person was purged, or the snapshot left its replay window.
  case erased(String)
  case missingKey(String, keystore: String)
  case damaged(String)
  case notConfigured(String)
  /// A sealed blob found somewhere it was not sealed for: copied from another tenant, person or source.
  case misplaced(String, why: String)

  /// What cannot be opened and why, with what to do where something can be done.
  package var description: String {
    switch self {
    case .erased(let what): "\(what) is erased: its key was destroyed"
    case .missingKey(let what, let keystore):
      "no key for \(what) in the keystore at \(keystore): set PEOPLESYNC_KEYSTORE and PEOPLESYNC_MASTER_KEY to the keystore this repository was written with"
    case .damaged(let what): "cannot decrypt \(what): the data or its key is damaged (authentication failed)"
    case .notConfigured(let why): why
    case .misplaced(let what, let why):
      "refusing to open \(what): the blob there is \(why) (copied from elsewhere?); sealed data opens only where it was written"
    }
  }
}
