import PeopleSyncCore

/// Failures the application reports to the user; the CLI maps each to an exit code.
package enum AppError: Error, CustomStringConvertible {
  /// Inputs are invalid; every problem is listed.
  case invalidInput(summary: String, diagnostics: [Diagnostic])
  /// The safeguard stopped a sync.
  case safeguard(tenant: String, explanation: String)
  /// A tenant, source or person that does not exist.
  case notFound(String)
  /// The repository could not be read or written, with what was being done.
  case repository(String)
  /// A concurrent writer kept winning.
  case contention(String)
  /// The user asked for something that cannot be done.
  case usage(String)
  /// Keys missing, wrong or damaged, with what was being done.
  case keys(String)
  /// An HR system could not be fetched from (network, server, credentials); nothing was committed.
  case fetch(String)

  package var description: String {
    switch self {
    case .invalidInput(let summary, _): summary
    case .safeguard(let tenant, let explanation):
      "sync \(tenant) stopped by the safeguard: \(explanation). Nothing was changed. Check the snapshot; if the deprovisions are intended, run again with --override-safeguard."
    case .notFound(let what): what
    case .repository(let what): what
    case .contention(let what): what
    case .usage(let what): what
    case .keys(let what): what
    case .fetch(let what): what
    }
  }
}

/// Adds what was being done to an error from a lower layer.
func context<T>(_ what: @autoclosure () -> String, _ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as AppError {
    throw error
  } catch let error as DataProtectionError {
    throw AppError.keys("\(what()): \(error)")
  } catch let error as KeystoreError {
    throw AppError.keys("\(what()): \(error)")
  } catch {
    throw AppError.repository("\(what()): \(error)")
  }
}
