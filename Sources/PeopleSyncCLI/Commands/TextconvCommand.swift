import Foundation
import PeopleSyncApp

struct TextconvCommand: Command {
  let name = "textconv"
  let abstract = "Print a stored snapshot or entry as plain text (a git textconv driver)"
  let usage = "textconv FILE [--repo PATH]"
  let discussion = """
    For authorized engineers to read encrypted history with plain git. In a clone of the state repository:

      git config diff.peoplesync.textconv "peoplesync textconv"
      printf 'tenants/*/directory/** diff=peoplesync\\ntenants/*/sources/** diff=peoplesync\\n' >> .git/info/attributes

    then 'git diff' and 'git log -p' show decrypted entries, snapshots and SCIM resources (the keystore is found as for every command).
    A blob whose key was destroyed at purge prints as erased.
    """
  let options = [Common.repo]

  func run(_ arguments: Arguments, context: CommandContext) throws -> ExitCode {
    guard arguments.positionals.count == 1 else { throw UsageError("textconv needs one file: peoplesync textconv FILE") }
    let bytes = try FileInput.read(arguments.positionals[0])
    let app = try Common.app(arguments, context)
    let plain = try KeysService(app).textconv(bytes)
    context.console.data(String(decoding: plain, as: UTF8.self))
    return .success
  }
}
