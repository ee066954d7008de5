import Foundation
import PeopleSyncCore

/// One fetch's credentials, read from the environment (never from git), and the redaction that
/// keeps them out of every message.
struct Credentials {
  private var values: [String: String] = [:]

  /// Each secret from its variable, or from the file `<NAME>_FILE` names (Docker and Kubernetes
  /// secrets), without a trailing line break.
  init(_ secrets: [APISource.Secret], environment: [String: String], source: String) throws {
    for secret in secrets {
      if let value = environment[secret.variable], !value.isEmpty {
        values[secret.variable] = value
        continue
      }
      guard let file = environment[secret.variable + "_FILE"], !file.isEmpty else {
        throw AppError.fetch(
          "\(source): \(secret.variable) is not set (nor \(secret.variable)_FILE): the source's credentials come from the environment, never from git"
        )
      }
      guard let data = FileManager.default.contents(atPath: file), var text = String(data: data, encoding: .utf8) else {
        throw AppError.fetch("\(source): cannot read \(secret.variable)_FILE (\(file))")
      }
      while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
      guard !text.isEmpty else { throw AppError.fetch("\(source): \(secret.variable)_FILE (\(file)) is empty") }
      values[secret.variable] = text
    }
  }

  func value(_ secret: APISource.Secret) -> String { values[secret.variable] ?? "" }

  /// `Basic base64(user:password)`.
  func basic(_ username: APISource.Secret, _ password: APISource.Secret) -> String {
    "Basic " + Data("\(value(username)):\(value(password))".utf8).base64EncodedString()
  }

  /// `text` with every credential (and the Basic header made of them) replaced by `[redacted]`.
  func redact(_ text: String) -> String {
    var text = text
    var secrets = Array(values.values)
    for username in values.values {
      for password in values.values { secrets.append(Data("\(username):\(password)".utf8).base64EncodedString()) }
    }
    for secret in secrets.sorted(by: { $0.count > $1.count }) where secret.count >= 3 {
      text = text.replacingOccurrences(of: secret, with: "[redacted]")
    }
    return text
  }
}
