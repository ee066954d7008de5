import Foundation
import PeopleSyncCore

/// One fetch's credentials, read from the environment (never from git), and the redaction that
/// keeps them out of every message.
struct Credentials {
  private var values: [String: String] = [:]
  /// The variables whose values are redacted; account names are not (a tenant's username may
  /// well be a word of every message, such as the tenant's own name).
  private let hidden: Set<String>

  /// Each secret from its variable, or from the file `<NAME>_FILE` names (Docker and Kubernetes
  /// secrets), without a trailing line break.
  /// Refuses a variable outside `tenant`'s namespace whatever the configuration's reader let
  /// through: the master key and other tenants' credentials are never read for a fetch.
  init(_ secrets: [APISource.Secret], hidden: [APISource.Secret], tenant: String, environment: [String: String], source: String) throws {
    self.hidden = Set(hidden.map(\.variable))
    for secret in secrets {
      guard ConfigReader.isSecret(secret.variable, of: tenant) else {
        throw AppError.fetch(
          "\(source): \(secret.variable) is not one of tenant \(tenant)'s variables (\(ConfigReader.secretNamespace(tenant))<NAME>)")
      }
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

  /// `text` with every secret, and any Basic header made with one, replaced by `[redacted]`.
  func redact(_ text: String) -> String {
    var text = text
    let secrets = values.filter { hidden.contains($0.key) }.map(\.value)
    var forms = secrets
    for name in values.values {
      for secret in secrets { forms.append(Data("\(name):\(secret)".utf8).base64EncodedString()) }
    }
    for form in forms.sorted(by: { $0.count > $1.count }) where !form.isEmpty {
      text = text.replacingOccurrences(of: form, with: "[redacted]")
    }
    return text
  }
}
