import Foundation

/// The URL clients reach the server at, which `Location`, `meta.location` and `$ref` name: the
/// operator's `--base-url`, or else the address the server listens on. Never the request's
/// `Host` header: the client chooses that, and echoed into the links the server hands out it
/// would let anyone who can reach a client, or a shared cache, point them at another host.
package final class SCIMBaseURL: @unchecked Sendable {
  private let lock = NSLock()
  private var text: String

  /// `text` as `parse` gives it: no trailing slash.
  package init(_ text: String) { self.text = text }

  /// What the links start with (`https://scim.example.com`, `http://127.0.0.1:8080`).
  package var value: String {
    get { lock.withLock { text } }
    set { lock.withLock { text = newValue } }
  }

  /// The base of `tenant`'s endpoints.
  func tenant(_ tenant: String) -> String { value + "/scim/v2/" + tenant }

  /// An operator's base URL: `http` or `https`, a host, perhaps a port and a path the server is
  /// mounted under (behind a proxy); no user, query or fragment. Nil when it is not such a URL.
  package static func parse(_ text: String) -> String? {
    guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
      let host = url.host, !host.isEmpty, url.user == nil, url.password == nil, url.query == nil, url.fragment == nil
    else { return nil }
    var path = url.percentEncodedPath
    while path.hasSuffix("/") { path.removeLast() }
    let port = url.port.map { ":\($0)" } ?? ""
    let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    return "\(scheme)://\(bracketed)\(port)\(path)"
  }

  /// The address the server listens on, as a base URL.
  package static func listening(address: String, port: UInt16, secure: Bool) -> String {
    let host = address.contains(":") ? "[\(address)]" : address
    return "\(secure ? "https" : "http")://\(host):\(port)"
  }
}
