import GitKit
import PeopleSyncCore

/// `explain`: where each value of one person's entry comes from, at one revision.
package final class ExplainService: AppService {
  package let app: AppContext

  package init(_ app: AppContext) { self.app = app }

  package func explain(tenant: String, person: String, revision: String?, asOf: Day?) throws -> Explanation {
    let commit = try SyncService(app).resolve(revision)
    let reader = try app.reader(at: commit)
    _ = try reader.selectTenants(tenant)
    let planned = try Planning(settings: settings).plan(
      tenant, reader: reader, asOf: try reader.asOf(tenant, given: asOf, now: settings.now()))
    guard let input = planned.input, let identifier = planned.identifier, let directory = planned.directory else {
      throw AppError.invalidInput(
        summary: "the inputs of \(tenant) are invalid; run peoplesync validate", diagnostics: planned.plan.blockingErrors)
    }
    guard
      let explanation = try context(
        "explaining \(person)",
        {
          try Explainer.explain(person, plan: planned.plan, input: input, current: directory, identifier: identifier)
        })
    else {
      throw AppError.notFound(
        "no person '\(person)' in the snapshots or the directory of \(tenant) (an email, an Employee ID or a person id)")
    }
    return explanation
  }
}
