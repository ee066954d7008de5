import Dispatch
import Foundation
import HTTPServer
import PeopleSyncApp
import PeopleSyncCore

struct ServeCommand: Command {
  let name = "serve"
  let abstract = "Serve SCIM 2.0 for every tenant with a scim source, each write committed before it is acknowledged"
  let usage = "serve [--repo PATH] [--listen ADDRESS] [--port N] [--tls-cert FILE --tls-key FILE] [--max-body BYTES] [--no-sync]"
  let discussion = """
    Endpoints are under /scim/v2/<tenant>/ (Users, Groups, ServiceProviderConfig, ResourceTypes,
    Schemas, .search), authenticated by the tenant's bearer tokens ('peoplesync scim-token').
    Resources are kept one file each under tenants/<tenant>/sources/<scim source>/ on the branch
    HEAD points at; writes arriving together are committed together (a group commit), and a write
    is answered only once the branch holds it. Right after, the server syncs the tenant's directory
    (one sync commit, as 'peoplesync sync' makes; at least once a second under a steady load), unless
    --no-sync. SIGTERM or SIGINT stops taking connections, lets
    requests in flight finish and commits what they wrote, then exits 0.
    """
  let options = [
    Common.repo,
    OptionSpec("listen", value: "ADDRESS", help: "the address to listen on (default: 127.0.0.1)"),
    OptionSpec("port", value: "N", help: "the port (default: 8080; 0 picks a free one, printed at start)"),
    OptionSpec("tls-cert", value: "FILE", help: "serve HTTPS with this PEM certificate (chain)"),
    OptionSpec("tls-key", value: "FILE", help: "and this PEM private key"),
    OptionSpec("max-body", value: "BYTES", help: "larger request bodies get 413 (default: 1048576)"),
    OptionSpec("no-sync", help: "store SCIM writes only; leave syncing the directory to 'peoplesync sync'"),
  ]

  func run(_ arguments: Arguments, context: CommandContext) throws -> ExitCode {
    try Common.noPositionals(arguments, name)
    var options = HTTPServer.Options(address: arguments.value("listen") ?? "127.0.0.1")
    if let text = arguments.value("port") {
      guard let port = UInt16(text) else { throw UsageError("--port '\(text)' is not a port number") }
      options.port = port
    }
    if let text = arguments.value("max-body") {
      guard let bytes = Int(text), bytes > 0 else { throw UsageError("--max-body '\(text)' is not a number of bytes") }
      options.maxBodyBytes = bytes
    }
    switch (arguments.value("tls-cert"), arguments.value("tls-key")) {
    case (let certificate?, let key?):
      options.tlsCertificate = String(decoding: try FileInput.read(certificate), as: UTF8.self)
      options.tlsKey = String(decoding: try FileInput.read(key), as: UTF8.self)
    case (nil, nil): break
    default: throw UsageError("--tls-cert and --tls-key go together")
    }
    let store = try SCIMStore(repository: try Common.repository(arguments, context), settings: context.settings)
    do {
      try store.openEncryptedTenants()
    } catch {
      store.close()
      throw error
    }
    if !arguments.flag("no-sync") {
      let console = context.console
      store.followWithSync { console.note("peoplesync serve: \($0)") }
    }
    let server = HTTPServer(options: options, responder: SCIMResponder(store: store, secure: options.tlsKey != nil))
    do {
      try server.start()
    } catch {
      throw AppError.usage("\(error)")
    }
    let stop = DispatchSemaphore(value: 0)
    var sources: [DispatchSourceSignal] = []
    for number in [SIGTERM, SIGINT] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { stop.signal() }
      source.resume()
      sources.append(source)
    }
    let host = options.address.contains(":") ? "[\(options.address)]" : options.address
    context.console.line(
      "peoplesync serve: listening on \(options.tlsKey == nil ? "http" : "https")://\(host):\(server.port)/scim/v2/<tenant>/")
    stop.wait()
    context.console.note("peoplesync serve: stopping; finishing requests in flight")
    server.stop()
    store.close()
    let (commits, writes) = store.commitCounts
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
    let service = SCIMTokenService(repository: try Common.repository(arguments, context), settings: context.settings)
    let (token, commit) = try service.mint(tenant: tenant, replacing: arguments.flag("replace"))
    context.console.note("peoplesync: token for \(tenant)'s SCIM endpoint committed as a hash in \(commit.short); it is not shown again")
    context.console.line(token)
    return .success
  }
}
