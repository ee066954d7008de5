import GitKit
import PeopleSyncCore

/// `explain`: where each value of one person's entry comes from, at one revision.
package final class ExplainService {
  let repository: Repository
  let settings: Settings

  package init(repository: Repository, settings: Settings) {
    self.repository = repository
    self.settings = settings
  }

  package func explain(tenant: String, person: String, revision: String?, asOf: Day?) throws -> Explanation {
    let commit = try SyncService(repository: repository, settings: settings).resolve(revision)
    let reader = try StateReader(repository: repository, commit: commit, protection: settings.protection(for: repository, writing: false))
    _ = try reader.selectTenants(tenant)
    let planned = try Planning(settings: settings).plan(tenant, reader: reader, asOf: asOf)
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
