import Dispatch
import Foundation
import PeopleSyncApp
import PeopleSyncCore

struct ServeCommand: Command {
  let name = "serve"
  let abstract = "Serve SCIM 2.0 for every tenant with a scim source, each write committed before it is acknowledged"
  let usage =
    "serve [--repo PATH] [--listen ADDRESS] [--port N] [--tls-cert FILE --tls-key FILE | --behind-tls-proxy] [--base-url URL]"
    + " [--max-body BYTES] [--read-timeout SECONDS] [--max-connections N] [--max-connections-per-client N] [--no-sync]"
  let discussion = """
    Endpoints are under /scim/v2/<tenant>/ (Users, Groups, ServiceProviderConfig, ResourceTypes,
    Schemas, .search), authenticated by the tenant's bearer tokens ('peoplesync scim-token').
    Resources are kept one file each under tenants/<tenant>/sources/<scim source>/ on the branch
    HEAD points at; writes arriving together are committed together (a group commit), and a write
    is answered only once the branch holds it. Right after, the server syncs the tenant's directory
    (one sync commit, as 'peoplesync sync' makes; under a steady load it waits three times the CPU time of its
    last sync between two), unless
    --no-sync. Tokens revoked and people purged by other processes stop being served from the next
    request on. Plain HTTP is served on loopback only, unless --behind-tls-proxy. SIGTERM or SIGINT
    stops taking connections, lets requests in flight finish and commits what they wrote, then exits 0.
    """
  let options =
    [Common.repo] + ServeOptions.specs + [
      OptionSpec("no-sync", help: "store SCIM writes only; leave syncing the directory to 'peoplesync sync'")
    ]

  func run(_ arguments: Arguments, context: CommandContext) throws -> ExitCode {
    try Common.noPositionals(arguments, name)
    let options = try ServeOptions.server(arguments)
    let configured = try ServeOptions.baseURL(arguments)
    let console = context.console
    let service = try ServeService(
      try Common.app(arguments, context), options: options, baseURL: configured, sync: !arguments.flag("no-sync")
    ) { console.note($0) }
    let listening = try service.start()
    let stop = DispatchSemaphore(value: 0)
    var sources: [DispatchSourceSignal] = []
    for number in [SIGTERM, SIGINT] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { stop.signal() }
      source.resume()
      sources.append(source)
    }
    context.console.line("peoplesync serve: listening on \(listening)/scim/v2/<tenant>/")
    stop.wait()
    context.console.note("peoplesync serve: stopping; finishing requests in flight")
    let (commits, writes) = service.stop()
    context.console.note("peoplesync serve: stopped after \(writes) writes in \(commits) commits")
    withExtendedLifetime(sources) {}
    return .success
  }
}

struct SCIMTokenCommand: Command {
  let name = "scim-token"
  let abstract = "Mint a bearer token for a tenant's SCIM endpoint; it is printed once, only its hash is committed"
  let usage = "scim-token --tenant T [--replace] [--repo PATH]"
  let discussion = """
    Commits the token's SHA-256 to tenants/<T>/scim-tokens.json and prints the token on standard
    output, once: give it to the identity provider. --replace revokes every earlier token. A running
    server accepts new tokens at once.
    """
  let options = [Common.repo, Common.tenant, OptionSpec("replace", help: "revoke the tenant's other tokens")]

  func run(_ arguments: Arguments, context: CommandContext) throws -> ExitCode {
    try Common.noPositionals(arguments, name)
    guard let tenant = arguments.value("tenant") else { throw UsageError("scim-token needs --tenant") }
    let service = SCIMTokenService(try Common.app(arguments, context))
    let (token, commit) = try service.mint(tenant: tenant, replacing: arguments.flag("replace"))
    context.console.note("peoplesync: token for \(tenant)'s SCIM endpoint committed as a hash in \(commit.short); it is not shown again")
    context.console.line(token)
    return .success
  }
}
