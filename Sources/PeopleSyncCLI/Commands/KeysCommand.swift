import Foundation
import PeopleSyncApp

struct KeysCommand: Command {
  let name = "keys"
  let abstract = "Show the keystore, or rotate its master key"
  let usage = "keys status [--repo PATH]\nkeys rotate-master --new-master-key-file FILE [--repo PATH]"
  let discussion = """
    Keys live outside git: in PEOPLESYNC_KEYSTORE (default: peoplesync/keys in the repository's git folder),
    sealed with the master key from PEOPLESYNC_MASTER_KEY or PEOPLESYNC_MASTER_KEY_FILE (default: one generated
    on first use at $XDG_CONFIG_HOME/peoplesync/master.key, ~/.config/… without it; never inside the repository,
    so a copy of the repository alone decrypts nothing; back it up apart from the keystore). rotate-master re-seals every tenant's keys with the new key; afterwards,
    point PEOPLESYNC_MASTER_KEY(_FILE) at the new key. Old backups of the keystore stay readable only with the old key.
    """
  let options = [Common.repo, OptionSpec("new-master-key-file", value: "FILE", help: "the new master key (64 hexadecimal characters)")]

  func run(_ arguments: Arguments, context: CommandContext) throws -> ExitCode {
    let app = try Common.app(arguments, context)
    let service = KeysService(app)
    switch arguments.positionals.first {
    case "status":
      let (location, tenants) = try service.status()
      context.console.line("keystore: \(location)")
      for tenant in tenants {
        context.console.line(
          "  \(tenant.tenant): \(tenant.personKeys) person keys, \(tenant.erasedPeople) erased; "
            + (tenant.resourceKeys > 0 ? "\(tenant.resourceKeys) SCIM resource keys; " : "")
            + "\(tenant.snapshotKeys) snapshot keys, \(tenant.erasedSnapshots) expired")
      }
      if tenants.isEmpty { context.console.line("  (no tenant keys yet)") }
      return .success
    case "rotate-master":
      guard let file = arguments.value("new-master-key-file") else { throw UsageError("rotate-master needs --new-master-key-file FILE") }
      guard let key = KeysService.parseKey(try FileInput.read(file)) else {
        throw UsageError("\(file) does not hold a 32-byte key (64 hexadecimal characters)")
      }
      let count = try service.rotateMaster(to: key)
      context.console.line("re-sealed the keys of \(count) tenant\(count == 1 ? "" : "s") with the new master key")
      return .success
    default:
      throw UsageError("keys needs a subcommand: status or rotate-master")
    }
  }
}
