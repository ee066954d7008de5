import Foundation
import GitKit
import PeopleSyncCore

/// `validate`: every problem in the committed configuration and snapshots, or in a local file.
package final class ValidateService: AppService {
  package let app: AppContext

  package init(_ app: AppContext) { self.app = app }

  /// Checks the selected tenants as committed at `revision` (default: the branch head).
  package func validate(revision: String?, tenant: String?) throws -> (tenants: [String], diagnostics: [Diagnostic]) {
    let commit = try SyncService(app).resolve(revision)
    guard let commit else { throw AppError.usage("the repository has no commits yet: commit the tenants' configuration first") }
    let reader = try app.reader(at: commit)
    let tenants = try reader.selectTenants(tenant)
    var diagnostics: [Diagnostic] = []
    if tenants.isEmpty {
      diagnostics.append(
        Diagnostic(.error, "repo.no-tenants", file: "tenants", message: "no tenant folders under tenants/ at \(commit.short)"))
    }
    for tenant in tenants { diagnostics += try reader.inputs(tenant).diagnostics }
    return (tenants, diagnostics)
  }

  /// Checks a CSV file on disk against a tenant's committed configuration, before it is ingested.
  package func validateFile(tenant: String, source: String?, bytes: [UInt8], fileName: String, revision: String?) throws -> Snapshot {
    let commit = try SyncService(app).resolve(revision)
    let reader = try app.reader(at: commit)
    _ = try reader.selectTenants(tenant)
    let (config, _, diagnostics) = try reader.config(tenant)
    guard let config else {
      throw AppError.invalidInput(summary: "the configuration of \(tenant) is invalid", diagnostics: diagnostics)
    }
    let sourceConfig = try IngestService.source(config, named: source)
    return bytes.withUnsafeBytes { SnapshotReader.readCSV($0, source: sourceConfig, customFields: config.customFields, file: fileName) }
  }
}
