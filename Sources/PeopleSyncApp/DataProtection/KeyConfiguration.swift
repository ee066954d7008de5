/// Where keys come from, read from the environment.
package struct KeyConfiguration: Sendable {
  /// `PEOPLESYNC_KEYSTORE`: the keystore folder (default: `peoplesync/keys` in the repository's git folder).
  package var keystoreFolder: String?
  /// `PEOPLESYNC_MASTER_KEY`: 64 hexadecimal characters.
  package var masterKey: String?
  /// `PEOPLESYNC_MASTER_KEY_FILE`: a file holding the key (hexadecimal, or 32 raw bytes).
  package var masterKeyFile: String?
  /// Where a master key is generated on first use, and found afterwards, when none is configured:
  /// `$XDG_CONFIG_HOME/peoplesync/master.key` (default `~/.config/…`), outside every repository.
  package var userMasterKeyFile: String?

  /// A configuration; what is not given is not configured.
  package init(keystoreFolder: String? = nil, masterKey: String? = nil, masterKeyFile: String? = nil, userMasterKeyFile: String? = nil) {
    self.keystoreFolder = keystoreFolder
    self.masterKey = masterKey
    self.masterKeyFile = masterKeyFile
    self.userMasterKeyFile = userMasterKeyFile
  }

  /// The configuration `environment` gives: its `PEOPLESYNC_*` variables, and the user's config folder.
  package static func fromEnvironment(_ environment: [String: String]) -> KeyConfiguration {
    let config =
      environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
      ?? environment["HOME"].flatMap { $0.hasPrefix("/") ? $0 + "/.config" : nil }
    return KeyConfiguration(
      keystoreFolder: environment["PEOPLESYNC_KEYSTORE"], masterKey: environment["PEOPLESYNC_MASTER_KEY"],
      masterKeyFile: environment["PEOPLESYNC_MASTER_KEY_FILE"], userMasterKeyFile: config.map { $0 + "/peoplesync/master.key" })
  }
}
