import GitKit
import PeopleSyncCore

/// What every service runs with: the state repository, the surroundings (`Settings`) and the
/// caches. Made once per command (`open(at:settings:)`) or per server and handed to each service
/// whole, so no service opens its own repository or keeps its own copy of these.
package struct AppContext {
  package let repository: Repository
  package let settings: Settings
  /// Owned by whoever made the context: one command's run, or the SCIM server's life.
  let caches: Caches

  package init(repository: Repository, settings: Settings, caches: Caches = Caches()) {
    self.repository = repository
    self.settings = settings
    self.caches = caches
  }

  /// Opens the state repository at `path` (a working tree or a bare repository).
  package static func open(at path: String, settings: Settings) throws -> AppContext {
    do {
      return AppContext(repository: try Repository.open(at: path), settings: settings)
    } catch {
      throw AppError.notFound("\(path) is not a git repository (\(error))")
    }
  }

  /// The same settings and caches on another handle of the repository: a thread of its own needs
  /// one (libgit2 handles are not shared across threads).
  func on(_ repository: Repository) -> AppContext { AppContext(repository: repository, settings: settings, caches: caches) }

  /// Keys and codecs for one command; `writing` when it may create keys.
  func protection(writing: Bool) -> DataProtection { settings.protection(for: repository, writing: writing) }

  /// Reads the committed state at `commit`, with read-only keys unless `protection` is given.
  func reader(at commit: ObjectID?, protection: DataProtection? = nil) throws -> StateReader {
    try StateReader(repository: repository, commit: commit, protection: protection ?? self.protection(writing: false), caches: caches)
  }

  /// The author of the commits this tool makes: the settings', else git config's user, else PeopleSync.
  func author() -> (name: String, email: String) {
    settings.author ?? repository.defaultSignature() ?? ("PeopleSync", "peoplesync@localhost")
  }
}

/// The caches a run reads through. None of them can change an outcome (each is keyed by what it
/// was made from); their owner decides how long they live: a command's for one run, the SCIM
/// server's for as long as it serves, where they save a follow-sync rereading what it read last.
package struct Caches: Sendable {
  /// Directory listings by small tree; off until `keep()` (the server turns it on).
  let listings = DirectoryListingCache()
  /// SCIM users by blob id.
  let scimPeople = SCIMPersonCache()

  package init() {}
}

/// A service of one command: it runs with an `AppContext`.
package protocol AppService {
  var app: AppContext { get }
  init(_ app: AppContext)
}

extension AppService {
  package var repository: Repository { app.repository }
  var settings: Settings { app.settings }

  /// A service on `repository` with its own caches (tests, and one-off uses).
  package init(repository: Repository, settings: Settings) { self.init(AppContext(repository: repository, settings: settings)) }
}
