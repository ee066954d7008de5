import Foundation
import HTTPServer
import TestSupport

/// The state remote over git's smart HTTP, as a forge serves it: `git http-backend` behind the
/// product's own HTTP transport on 127.0.0.1. Fetching is open; pushing (receive-pack) needs
/// Basic authentication as `x-access-token` with `token`, or the answer is 401. Every
/// Authorization header a push brought is kept.
final class SmartHTTPRemote: HTTPResponder, @unchecked Sendable {
  let root: String
  let token: String
  private let lock = NSLock()
  private var seen: [String] = []
  private var server: HTTPServer?

  init(serving root: String, token: String) throws {
    self.root = root
    self.token = token
    let server = HTTPServer(options: HTTPServer.Options(port: 0, maxBodyBytes: 256 << 20), responder: self)
    try server.start()
    self.server = server
  }

  deinit { server?.stop(grace: 0) }

  func url(_ name: String) -> String { "http://127.0.0.1:\(server?.port ?? 0)/\(name)" }

  /// The Authorization headers the push requests carried (nil: none).
  var authorizations: [String] { lock.withLock { seen } }

  func respond(to request: HTTPRequest) -> HTTPResponse {
    let pushing = request.path.hasSuffix("/git-receive-pack") || request.queryValue("service") == "git-receive-pack"
    if pushing {
      let authorization = request.header("authorization")
      lock.withLock { seen.append(authorization ?? "none") }
      guard authorization == "Basic " + Data("x-access-token:\(token)".utf8).base64EncodedString() else {
        return HTTPResponse(status: 401, headers: [("WWW-Authenticate", "Basic realm=\"state\"")], body: [])
      }
    }
    do {
      return try backend(request, user: pushing ? "x-access-token" : nil)
    } catch {
      return HTTPResponse(status: 500, contentType: "text/plain", text: "\(error)")
    }
  }

  /// Runs `git http-backend` as a CGI program for one request.
  private func backend(_ request: HTTPRequest, user: String?) throws -> HTTPResponse {
    var environment = [
      "GIT_PROJECT_ROOT": root, "GIT_HTTP_EXPORT_ALL": "1", "PATH_INFO": request.path, "REQUEST_METHOD": request.method,
      "QUERY_STRING": request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&"),
      "CONTENT_TYPE": request.header("content-type") ?? "", "CONTENT_LENGTH": "\(request.body.count)",
      "REMOTE_ADDR": "127.0.0.1",
    ]
    if let user { environment["REMOTE_USER"] = user }
    if let encoding = request.header("content-encoding") { environment["HTTP_CONTENT_ENCODING"] = encoding }
    if let protocolHeader = request.header("git-protocol") { environment["GIT_PROTOCOL"] = protocolHeader }
    let output = try Self.run(["/usr/bin/git", "http-backend"], environment: environment, input: Data(request.body))
    // CGI: header lines, a blank line, the body.
    guard let end = Self.headerEnd(output) else { return HTTPResponse(status: 500, contentType: "text/plain", text: "no CGI headers") }
    var status = 200
    var headers: [(name: String, value: String)] = []
    for line in String(decoding: output[..<end.start], as: UTF8.self).split(whereSeparator: { $0 == "\r\n" || $0 == "\n" }) {
      guard let colon = line.firstIndex(of: ":") else { continue }
      let name = String(line[..<colon])
      let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      if name.lowercased() == "status" { status = Int(value.prefix(3)) ?? 500 } else { headers.append((name, value)) }
    }
    return HTTPResponse(status: status, headers: headers, body: Array(output[end.body...]))
  }

  /// Runs a program with `input` on its standard input and returns its standard output, as bytes.
  private static func run(_ arguments: [String], environment: [String: String], input: Data) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: arguments[0])
    process.arguments = Array(arguments.dropFirst())
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let (stdin, stdout) = (Pipe(), Pipe())
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = FileHandle.nullDevice
    try process.run()
    nonisolated(unsafe) var output = Data()
    let reading = DispatchGroup()
    reading.enter()
    DispatchQueue.global().async {
      output = stdout.fileHandleForReading.readDataToEndOfFile()
      reading.leave()
    }
    stdin.fileHandleForWriting.write(input)
    try stdin.fileHandleForWriting.close()
    process.waitUntilExit()
    reading.wait()
    return Array(output)
  }

  private static func headerEnd(_ bytes: [UInt8]) -> (start: Int, body: Int)? {
    for index in bytes.indices {
      if bytes[index...].starts(with: [13, 10, 13, 10]) { return (index, index + 4) }
      if bytes[index...].starts(with: [10, 10]) { return (index, index + 2) }
    }
    return nil
  }
}
