import Foundation
import GitKit
import PeopleSyncCore

/// Bearer tokens for a tenant's SCIM endpoint. The repository keeps only their SHA-256, in
/// `tenants/<t>/scim-tokens.json`; the token itself is shown once, when minted.
package enum SCIMTokens {
  package static func path(tenant: String) -> String { "tenants/\(tenant)/\(fileName)" }

  /// SHA-256 of the token, in lower-case hex: what `scim-tokens.json` holds.
  package static func hash(_ token: String) -> String {
    let digits = Array("0123456789abcdef".utf8)
    let digest = SHA256.digest(Array(token.utf8))
    // Written in place: an array per byte was most of the time of a request's token check.
    return String(unsafeUninitializedCapacity: digest.count * 2) { text in
      for (index, byte) in digest.enumerated() {
        text[2 * index] = digits[Int(byte >> 4)]
        text[2 * index + 1] = digits[Int(byte & 15)]
      }
      return digest.count * 2
    }
  }

  /// Compares without stopping at the first difference, so timing tells nothing about a hash.
  package static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    guard a.utf8.count == b.utf8.count else { return false }
    var difference: UInt8 = 0
    for (x, y) in zip(a.utf8, b.utf8) { difference |= x ^ y }
    return difference == 0
  }

  /// The file's name in the tenant's folder.
  static let fileName = "scim-tokens.json"

  /// The hashes a `scim-tokens.json` holds.
  static func hashes(in file: [UInt8]) throws -> [String] {
    try JSONParser.parse(file).objectValue?["tokens"]?.arrayValue?.compactMap { $0.objectValue?["sha256"]?.stringValue } ?? []
  }

  static func document(repository: Repository, tenant: String) throws -> JSONObject? {
    guard let file = try tokenFile(repository: repository, tenant: tenant) else { return nil }
    return try JSONParser.parse(try repository.blob(file)).objectValue
  }

  private static func tokenFile(repository: Repository, tenant: String) throws -> ObjectID? {
    guard let head = try repository.referenceTarget(try repository.headBranch()) else { return nil }
    return try repository.entry(in: try repository.commit(head).tree, path: path(tenant: tenant))?.id
  }

  /// 32 random bytes, URL-safe base64 without padding.
  static func generate() throws -> String {
    var bytes = [UInt8](repeating: 0, count: 32)
    guard getentropy(&bytes, bytes.count) == 0 else { throw AppError.repository("no randomness for a token: errno \(errno)") }
    return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
  }
}

/// `peoplesync scim-token --tenant T`: mints a token, commits its hash, returns the token.
package final class SCIMTokenService: AppService {
  package let app: AppContext

  package init(_ app: AppContext) { self.app = app }

  /// Adds a token (or, with `replacing`, makes it the only one) and commits; the token is not stored.
  package func mint(tenant: String, replacing: Bool) throws -> (token: String, commit: ObjectID) {
    let branch = try context("reading HEAD") { try repository.headBranch() }
    for _ in 0..<SyncRun.maxAttempts {
      guard let head = try repository.referenceTarget(branch) else { throw AppError.usage("\(branch) has no commits yet") }
      let reader = try app.reader(at: head)
      let config = try reader.requireConfig(tenant)
      guard config.sources.contains(where: { $0.kind == .scim }) else {
        throw AppError.usage("tenant \(tenant) has no scim source; add one to tenant.json first")
      }
      let token = try SCIMTokens.generate()
      let existing = replacing ? [] : (try SCIMTokens.document(repository: repository, tenant: tenant)?["tokens"]?.arrayValue ?? [])
      let created = ISO8601DateFormatter().string(from: settings.now())
      let entry = JSONValue.object(JSONObject([("sha256", .string(SCIMTokens.hash(token))), ("created", .string(created))]))
      let document = JSONValue.object(
        JSONObject([("$schema", .string("../../schemas/scim-tokens.schema.json")), ("tokens", .array(existing + [entry]))]))
      let writer = try ObjectWriters.make(for: repository, objects: 1)
      var editor = TreeEditor()
      editor.set(SCIMTokens.path(tenant: tenant), to: try writer.write(Array(JSONWriter.pretty(document).utf8), type: .blob))
      let tree = try editor.write(base: try repository.commit(head).tree, repository: repository, writer: writer)
      try writer.finish()
      let message = "scim-token \(tenant): \(replacing ? "replace every token" : "add a token")\n\n\(SyncMessage.Key.tenant): \(tenant)\n"
      let author = app.author()
      let commit = try repository.createCommit(
        tree: tree, parents: [head], message: message, author: author, time: Int64(settings.now().timeIntervalSince1970))
      do {
        try repository.updateReference(branch, to: commit, expected: head, logMessage: "peoplesync scim-token \(tenant)")
        return (token, commit)
      } catch let error as GitError where error.isConcurrentUpdate {
        continue
      }
    }
    throw AppError.contention("\(branch) kept moving; no token was minted")
  }
}
