import Foundation
import HTTPClient
import PeopleSyncCore

/// The requests of one fetch: retries on 429, 5xx and transport errors with exponential backoff
/// and jitter, honouring `Retry-After`; never a retry on 401 or 403 (the credentials are wrong,
/// and retrying could lock the account); each request and the whole run within their time;
/// credentials redacted from every message.
final class FetchTransport {
  let label: String
  let api: APISource
  let credentials: Credentials
  let deadline: Date
  let notes: (String) -> Void
  /// Waits between attempts; tests of the policy can count instead of sleep.
  var sleep: (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }
  /// Told of the bytes of each response body as they arrive.
  var progress: any ProgressSink = SilentProgress()
  private(set) var requests = 0
  private(set) var bytes = 0
  /// One connection for the fetch's requests, kept open between them.
  private let session: HTTPSession

  init(label: String, api: APISource, credentials: Credentials, authorities: String?, notes: @escaping (String) -> Void) throws {
    session = try HTTPSession(authorities: authorities)
    self.label = label
    self.api = api
    self.credentials = credentials
    deadline = Date().addingTimeInterval(Double(api.runTimeoutSeconds))
    self.notes = notes
  }

  /// Sends `request` until it succeeds. `restart` runs before each attempt (a new attempt starts
  /// the body over); `receive` gets the body of a 2xx response as it arrives.
  func send(
    _ request: ClientRequest, what: String, restart: () throws -> Void = {}, receive: @escaping (UnsafeRawBufferPointer) throws -> Void
  ) throws -> ClientResponseHead {
    var request = request
    var lastProblem = ""
    for attempt in 1...api.retry.attempts {
      let remaining = deadline.timeIntervalSinceNow
      guard remaining > 0 else {
        throw failure(
          "\(what): the fetch ran out of its \(api.runTimeoutSeconds) s (runTimeoutSeconds)\(lastProblem.isEmpty ? "" : "; last: \(lastProblem)")"
        )
      }
      request.timeout = min(Double(api.timeoutSeconds), remaining)
      try restart()
      requests += 1
      var errorBody: [UInt8] = []
      var retryAfter: Double?
      do {
        let head = try session.send(request) { status, chunk in
          if (200..<300).contains(status) {
            self.bytes += chunk.count
            self.progress.advance(chunk.count)
            try receive(chunk)
          } else if errorBody.count < 2_048 {
            errorBody.append(contentsOf: chunk.prefix(2_048 - errorBody.count))
          }
        }
        if (200..<300).contains(head.status) { return head }
        let excerpt = String(decoding: errorBody, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let said = excerpt.isEmpty ? "" : ": \(excerpt.prefix(300))"
        switch head.status {
        case 401, 403:
          throw failure(
            "\(what) was refused with HTTP \(head.status)\(said). The credentials are wrong or lack access to it: a configuration error, not retried (check \(api.auth.secrets.map(\.variable).joined(separator: ", ")))"
          )
        case 429, 500...599:
          lastProblem = "HTTP \(head.status)\(said)"
          retryAfter = head.header("retry-after").flatMap(Self.retryAfter)
        default:
          throw failure("\(what) failed with HTTP \(head.status)\(said); not retried")
        }
      } catch let error as HTTPTransportError where error.untrusted {
        throw failure(
          "\(what): the server's certificate could not be verified (\(error.message)); not retried. A private certificate authority can be trusted with PEOPLESYNC_CA_FILE"
        )
      } catch let error as HTTPTransportError {
        lastProblem = error.timedOut ? "no complete response within \(Int(request.timeout.rounded())) s (timeoutSeconds)" : error.message
      }
      guard attempt < api.retry.attempts else { break }
      let delay = retryAfter ?? backoff(attempt)
      guard Date().addingTimeInterval(delay) < deadline else {
        throw failure(
          "\(what): \(lastProblem); waiting \(Int(delay.rounded(.up))) s more would pass the run's \(api.runTimeoutSeconds) s (runTimeoutSeconds)"
        )
      }
      notes(
        credentials.redact(
          "\(label): \(what): \(lastProblem); attempt \(attempt + 1) of \(api.retry.attempts) in \(String(format: "%.1f", delay)) s"))
      sleep(delay)
    }
    throw failure("\(what): gave up after \(api.retry.attempts) attempts; last: \(lastProblem)")
  }

  /// The body of a small response (a page, a token), in memory.
  func get(_ request: ClientRequest, what: String) throws -> [UInt8] {
    var body: [UInt8] = []
    _ = try send(request, what: what, restart: { body.removeAll(keepingCapacity: true) }) { body.append(contentsOf: $0) }
    return body
  }

  /// Exponential, with jitter so many tenants' retries do not arrive together: half the step plus
  /// a random part of the other half.
  func backoff(_ attempt: Int) -> Double {
    let step = min(Double(api.retry.maxDelayMs), Double(api.retry.initialDelayMs) * pow(2, Double(attempt - 1))) / 1000
    return step / 2 + Double.random(in: 0...(step / 2))
  }

  /// `Retry-After` in seconds, or an HTTP date.
  static func retryAfter(_ value: String) -> Double? {
    if let seconds = Double(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 { return seconds }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
    guard let date = formatter.date(from: value) else { return nil }
    return max(0, date.timeIntervalSinceNow)
  }

  func failure(_ message: String) -> AppError { .fetch(credentials.redact("\(label): \(message)")) }
}
