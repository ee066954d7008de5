import Foundation
import GitKit
import PeopleSyncCore

/// What one source's fetch did.
package struct FetchOutcome {
  package let tenant: String
  package let source: String
  package let kind: SourceKind
  package let report: WorkerNormalizer.Report
  package let requests: Int
  package let bytes: Int
  package let ingest: IngestOutcome
}

/// Fetches a tenant's HR-system sources and commits each as the source's snapshot. The whole
/// source is fetched before anything is written: a failed request, page or record fails the
/// fetch, and the snapshot in force stays as it was (never a partial snapshot).
package final class FetchService: AppService {
  package let app: AppContext
  /// With `--push`: snapshots are committed on the remote's branch and pushed there.
  package var push: BranchPush?

  package init(_ app: AppContext) { self.app = app }

  /// Every `workday` and `ukg` source at the branch head, by tenant.
  package func apiSources() throws -> [(tenant: String, source: String)] {
    let branch = try context("reading HEAD") { try repository.headBranch() }
    guard let head = try repository.referenceTarget(branch) else { return [] }
    let reader = try app.reader(at: head)
    return try reader.selectTenants(nil).flatMap { tenant in
      (try reader.config(tenant).config?.sources ?? []).filter { $0.api != nil }.map { (tenant, $0.name) }
    }
  }

  /// Fetches the named API source of `tenant`, or every one it has.
  package func fetch(tenant: String, source name: String?) throws -> [FetchOutcome] {
    let branch = try context("reading HEAD") { try repository.headBranch() }
    guard let head = try repository.referenceTarget(branch) else {
      throw AppError.usage("\(branch) has no commits yet: commit the tenants' configuration first")
    }
    let reader = try app.reader(at: head)
    let config = try reader.requireConfig(tenant, fix: "before fetching")
    let sources = config.sources.filter { $0.api != nil && (name == nil || $0.name == name) }
    guard !sources.isEmpty else {
      let names = config.sources.filter { $0.api != nil }.map(\.name)
      throw AppError.notFound(
        name.map { "tenant \(tenant) has no workday or ukg source '\($0)' (API sources: \(names.joined(separator: ", ")))" }
          ?? "tenant \(tenant) has no workday or ukg source")
    }
    return try sources.map { try fetch(config, $0) }
  }

  private func fetch(_ config: TenantConfig, _ source: SourceConfig) throws -> FetchOutcome {
    guard let api = source.api else { preconditionFailure("not an API source") }
    let label = "\(config.id)/\(source.name)"
    let headerSecrets = api.headers.compactMap(\.secret)
    let credentials = try Credentials(
      api.auth.secrets + headerSecrets, hidden: api.auth.hidden + headerSecrets, tenant: config.id, environment: settings.environment,
      source: label)
    let transport = try FetchTransport(
      label: label, api: api, credentials: credentials, authorities: settings.environment["PEOPLESYNC_CA_FILE"], notes: settings.notes)
    transport.progress = settings.progress
    settings.progress.begin("\(label): fetch from \(source.kind.rawValue)", unit: "bytes", total: nil)
    let path = source.snapshotPath(tenant: config.id)
    var normalizer = WorkerNormalizer(source: api, customFields: config.customFields, file: "\(source.kind.rawValue) \(api.url)")
    try PhaseTimer.measure("fetch \(label)") {
      switch source.kind {
      case .workday: try WorkdayConnector(transport: transport, api: api).fetch(into: &normalizer)
      default: try UKGConnector(transport: transport, api: api).fetch(into: &normalizer)
      }
    }
    settings.progress.begin("\(label): normalise")
    let bytes = PhaseTimer.measure("normalise \(label)") { normalizer.finish() }
    let report = normalizer.report
    let subject = "fetch \(label): \(report.workers) workers from \(source.kind.rawValue)"
    let ingest = try ingestService().ingest(
      tenant: config.id, source: source.name, bytes: bytes, fileName: path, fetchedFrom: (source.kind, subject))
    if case .refused(let summary) = ingest.result {
      throw AppError.invalidInput(summary: summary, diagnostics: report.diagnostics + ingest.snapshot.diagnostics)
    }
    return FetchOutcome(
      tenant: config.id, source: source.name, kind: source.kind, report: report, requests: transport.requests, bytes: transport.bytes,
      ingest: ingest)
  }
}

extension FetchService {
  func ingestService() -> IngestService {
    let service = IngestService(repository: repository, settings: settings)
    service.push = push
    return service
  }
}
