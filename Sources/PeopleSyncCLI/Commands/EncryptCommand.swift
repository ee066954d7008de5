import PeopleSyncApp

struct EncryptCommand: Command {
  let name = "encrypt"
  let reportsProgress = true
  let abstract = "Convert a tenant stored in plain text to encrypted storage, in one commit"
  let usage = "encrypt --tenant T [--repo PATH]"
  let discussion = """
    Seals the tenant's snapshots, directory entries and SCIM files with keys from the keystore (entries move to ids
    keyed by the tenant's secret) and commits the result. Encryption must be on in the tenant's
    configuration. Commits before this one keep what they held: rewrite history (git filter-repo) if it must go.
    """
  let options = [Common.repo, Common.tenant]

  func run(_ arguments: Arguments, context: CommandContext) throws -> ExitCode {
    try Common.noPositionals(arguments, name)
    guard let tenant = arguments.value("tenant") else { throw UsageError("encrypt needs --tenant") }
    let app = try Common.app(arguments, context)
    let outcome = try EncryptionMigration(app).encrypt(tenant: tenant)
    if let commit = outcome.commit {
      let resources = outcome.resources > 0 ? ", \(outcome.resources) SCIM resources" : ""
      context.console.line(
        "encrypted \(tenant): \(outcome.entries) entries and \(outcome.snapshots) snapshots\(resources); commit \(commit.short)")
      context.console.note("peoplesync: commits before \(commit.short) still hold \(tenant)'s data in plain text")
    } else {
      context.console.line("\(tenant) holds nothing in plain text; nothing to commit")
    }
    return .success
  }
}
