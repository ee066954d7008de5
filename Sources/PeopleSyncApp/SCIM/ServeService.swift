import HTTPServer

/// `serve`: the SCIM store, its follow-sync and the HTTP server in front of it, started and
/// stopped in that order. The store owns the server's `AppContext`, whose caches live as long as
/// it serves.
package final class ServeService {
  let store: SCIMStore
  let server: HTTPServer
  let baseURL: SCIMBaseURL
  /// The operator's `--base-url`; nil: the links name the address listened on.
  let configured: String?
  let options: HTTPServer.Options

  /// Loads every encrypted tenant with a SCIM source now (missing keys stop the server here, exit
  /// 7, rather than fail its first requests) and, unless `sync` is false, follows writes with a
  /// sync of the tenant's directory; `notes` hears what the server does.
  package init(
    _ app: AppContext, options: HTTPServer.Options, baseURL configured: String?, sync: Bool, notes: @escaping @Sendable (String) -> Void
  ) throws {
    let store = try SCIMStore(app)
    do {
      try store.openEncryptedTenants()
    } catch {
      store.close()
      throw error
    }
    if sync { store.followWithSync { notes("peoplesync serve: \($0)") } }
    self.store = store
    self.options = options
    self.configured = configured
    baseURL = SCIMBaseURL(configured ?? Self.listening(options, port: options.port))
    server = HTTPServer(options: options, responder: SCIMResponder(store: store, baseURL: baseURL, log: notes))
  }

  /// Starts listening; returns the URL the endpoints are under (its port picked now with `--port 0`).
  package func start() throws -> String {
    do {
      try server.start()
    } catch {
      throw AppError.usage("\(error)")
    }
    let listening = Self.listening(options, port: server.port)
    // A port picked at start is known only now: a request before this line would name port 0.
    if configured == nil { baseURL.value = listening }
    return listening
  }

  /// Stops taking connections, lets requests in flight finish and commits what they wrote;
  /// returns the commits made and the writes they held.
  package func stop() -> (commits: Int, writes: Int) {
    server.stop()
    store.close()
    return store.commitCounts
  }

  private static func listening(_ options: HTTPServer.Options, port: UInt16) -> String {
    SCIMBaseURL.listening(address: options.address, port: port, secure: options.tlsKey != nil)
  }
}
