import CCurl
import Foundation

/// HTTP/1.1 and HTTPS on libcurl: certificates verified, no redirects followed. A session keeps
/// its connection open between requests (a paged listing is hundreds of requests to one host,
/// each of which would otherwise pay for a new connection and TLS handshake); it is used by one
/// thread at a time. It knows nothing of the APIs it talks to.
package final class HTTPSession {
  private static let initialised: Bool = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK }()
  private let handle: UnsafeMutableRawPointer
  /// Certificates of these authorities are trusted instead of the system's (a private CA).
  private let authorities: String?

  /// A session trusting the certificates in the file `authorities` instead of the system's, when given.
  package init(authorities: String? = nil) throws {
    self.authorities = authorities
    guard Self.initialised, let handle = curl_easy_init() else {
      throw HTTPTransportError(message: "libcurl could not be initialised", timedOut: false)
    }
    self.handle = handle
  }

  deinit { curl_easy_cleanup(handle) }

  /// Sends `request`, handing the body to `sink` chunk by chunk as it arrives, with the response's
  /// status, so a large response never needs to sit in memory whole.
  package func send(_ request: ClientRequest, sink: @escaping (Int, UnsafeRawBufferPointer) throws -> Void) throws -> ClientResponseHead {
    // Options start over for each request; the open connection stays.
    curl_easy_reset(handle)
    let exchange = Exchange(sink: sink)
    let context = Unmanaged.passUnretained(exchange).toOpaque()
    var headerList: UnsafeMutablePointer<curl_slist>?
    defer { curl_slist_free_all(headerList) }
    for header in request.headers { headerList = curl_slist_append(headerList, "\(header.name): \(header.value)") }

    var setup = [
      peoplesync_curl_set_string(handle, CURLOPT_URL, request.url),
      peoplesync_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"),
      peoplesync_curl_set_long(handle, CURLOPT_NOSIGNAL, 1),
      peoplesync_curl_set_long(handle, CURLOPT_FOLLOWLOCATION, 0),
      peoplesync_curl_set_long(handle, CURLOPT_SSL_VERIFYPEER, 1),
      peoplesync_curl_set_long(handle, CURLOPT_SSL_VERIFYHOST, 2),
      peoplesync_curl_set_long(handle, CURLOPT_TIMEOUT_MS, max(1, Int(request.timeout * 1000))),
      peoplesync_curl_set_string(handle, CURLOPT_ACCEPT_ENCODING, ""),
      peoplesync_curl_set_pointer(handle, CURLOPT_HTTPHEADER, headerList),
      peoplesync_curl_set_callback(handle, CURLOPT_WRITEFUNCTION, writeBody),
      peoplesync_curl_set_pointer(handle, CURLOPT_WRITEDATA, context),
      peoplesync_curl_set_callback(handle, CURLOPT_HEADERFUNCTION, readHeader),
      peoplesync_curl_set_pointer(handle, CURLOPT_HEADERDATA, context),
    ]
    if let authorities { setup.append(peoplesync_curl_set_string(handle, CURLOPT_CAINFO, authorities)) }
    let body = request.body ?? []
    if request.method == "POST" {
      setup.append(peoplesync_curl_set_long(handle, CURLOPT_POST, 1))
      setup.append(peoplesync_curl_set_long(handle, CURLOPT_POSTFIELDSIZE, body.count))
      // COPYPOSTFIELDS copies the bytes at once, so the pointer need not outlive this call.
      setup.append(
        body.withUnsafeBytes {
          peoplesync_curl_set_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress))
        })
    } else if request.method != "GET" {
      setup.append(peoplesync_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, request.method))
    }
    if let failed = setup.first(where: { $0 != CURLE_OK }) {
      throw HTTPTransportError(message: "cannot prepare the request: \(String(cString: curl_easy_strerror(failed)))", timedOut: false)
    }
    let result = withExtendedLifetime(exchange) { curl_easy_perform(handle) }
    if let error = exchange.sinkError { throw error }
    guard result == CURLE_OK else {
      var error = HTTPTransportError(message: String(cString: curl_easy_strerror(result)), timedOut: result == CURLE_OPERATION_TIMEDOUT)
      error.untrusted = result == CURLE_PEER_FAILED_VERIFICATION || result == CURLE_SSL_CACERT_BADFILE
      throw error
    }
    var status = 0
    _ = peoplesync_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
    return ClientResponseHead(status: status, headers: exchange.headers)
  }

  /// Sends `request` and keeps the body in memory: for small responses (a page, a token).
  package func send(_ request: ClientRequest) throws -> (head: ClientResponseHead, body: [UInt8]) {
    var body: [UInt8] = []
    let head = try send(request) { body.append(contentsOf: $1) }
    return (head, body)
  }
}

/// What libcurl's callbacks reach through their context pointer.
private final class Exchange {
  let sink: (Int, UnsafeRawBufferPointer) throws -> Void
  var sinkError: Error?
  var status = 0
  var headers: [(name: String, value: String)] = []

  init(sink: @escaping (Int, UnsafeRawBufferPointer) throws -> Void) { self.sink = sink }
}

private let writeBody: peoplesync_curl_callback = { data, size, count, context in
  let exchange = Unmanaged<Exchange>.fromOpaque(context!).takeUnretainedValue()
  do {
    try exchange.sink(exchange.status, UnsafeRawBufferPointer(start: data, count: size * count))
    return size * count
  } catch {
    exchange.sinkError = error
    return 0  // libcurl stops the transfer
  }
}

private let readHeader: peoplesync_curl_callback = { data, size, count, context in
  let exchange = Unmanaged<Exchange>.fromOpaque(context!).takeUnretainedValue()
  let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
    .trimmingCharacters(in: .whitespacesAndNewlines)
  // A new status line (after a 100 Continue, say) starts the headers over.
  if line.hasPrefix("HTTP/") {
    exchange.headers = []
    exchange.status = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
  } else if let colon = line.firstIndex(of: ":") {
    let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
    exchange.headers.append((name, line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
  }
  return size * count
}
