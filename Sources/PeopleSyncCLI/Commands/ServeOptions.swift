import Foundation
import HTTPServer
import PeopleSyncApp

/// What `serve` listens on and how: the options, and the rules they must keep.
enum ServeOptions {
  /// The options of `serve` about the transport and the links it hands out.
  static let specs = [
    OptionSpec("listen", value: "ADDRESS", help: "the address to listen on (default: 127.0.0.1)"),
    OptionSpec("port", value: "N", help: "the port (default: 8080; 0 picks a free one, printed at start)"),
    OptionSpec(
      "tls-cert", value: "FILE", help: "serve HTTPS (TLS 1.2 and 1.3, forward-secret suites only) with this PEM certificate (chain)"),
    OptionSpec("tls-key", value: "FILE", help: "and this PEM private key"),
    OptionSpec("behind-tls-proxy", help: "allow plain HTTP off loopback: a TLS-terminating proxy is in front"),
    OptionSpec(
      "base-url", value: "URL",
      help: "the URL clients reach the server at, for Location and meta.location (default: the listen address and port)"),
    OptionSpec("max-body", value: "BYTES", help: "larger request bodies get 413 (default: 1048576)"),
    OptionSpec(
      "read-timeout", value: "SECONDS",
      help: "close a connection that sends nothing for this long: idle, or stalled mid-request (default: 30)"),
    OptionSpec("max-connections", value: "N", help: "connections open at once, all clients together (default: 1024)"),
    OptionSpec(
      "max-connections-per-client", value: "N",
      help: "connections one client address may hold (default: 64; with --behind-tls-proxy, --max-connections: the proxy is one address)"),
  ]

  /// The transport's options from the command line; refuses plain HTTP off loopback without
  /// `--behind-tls-proxy`: tokens and personal data would cross the network in clear.
  static func server(_ arguments: Arguments) throws -> HTTPServer.Options {
    var options = HTTPServer.Options(address: arguments.value("listen") ?? "127.0.0.1")
    if let text = arguments.value("port") {
      guard let port = UInt16(text) else { throw UsageError("--port '\(text)' is not a port number") }
      options.port = port
    }
    if let text = arguments.value("max-body") {
      guard let bytes = Int(text), bytes > 0 else { throw UsageError("--max-body '\(text)' is not a number of bytes") }
      options.maxBodyBytes = bytes
    }
    options.idleTimeout = try count(arguments, "read-timeout", default: options.idleTimeout)
    options.maxConnections = try count(arguments, "max-connections", default: options.maxConnections)
    let behindProxy = arguments.flag("behind-tls-proxy")
    options.maxConnectionsPerClient = try count(
      arguments, "max-connections-per-client", default: behindProxy ? options.maxConnections : options.maxConnectionsPerClient)
    switch (arguments.value("tls-cert"), arguments.value("tls-key")) {
    case (let certificate?, let key?):
      options.tlsCertificate = String(decoding: try FileInput.read(certificate), as: UTF8.self)
      options.tlsKey = String(decoding: try FileInput.read(key), as: UTF8.self)
    case (nil, nil):
      guard HTTPServer.isLoopback(options.address) || behindProxy else {
        throw UsageError(
          "--listen \(options.address) without --tls-cert/--tls-key would send tokens and personal data in clear; "
            + "serve HTTPS, or say with --behind-tls-proxy that a TLS-terminating proxy is in front")
      }
    default: throw UsageError("--tls-cert and --tls-key go together")
    }
    return options
  }

  /// The operator's `--base-url`, checked; nil when not given.
  static func baseURL(_ arguments: Arguments) throws -> String? {
    guard let text = arguments.value("base-url") else { return nil }
    guard let url = SCIMBaseURL.parse(text) else {
      throw UsageError("--base-url '\(text)' is not an http or https URL with a host (and no query or fragment)")
    }
    return url
  }

  private static func count(_ arguments: Arguments, _ name: String, default value: UInt32) throws -> UInt32 {
    guard let text = arguments.value(name) else { return value }
    guard let number = UInt32(text), number > 0 else { throw UsageError("--\(name) '\(text)' is not a positive whole number") }
    return number
  }
}
