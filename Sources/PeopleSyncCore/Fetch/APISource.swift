/// How a `workday` or `ukg` source is fetched and mapped, read from the tenant's configuration.
/// Credentials are named here (environment variables), never written.
public struct APISource: Equatable, Sendable {
  public enum Auth: Equatable, Sendable {
    /// HTTP Basic (a Workday integration system user; UKG's service account), plus UKG's
    /// `US-Customer-Api-Key` when `apiKey` is set.
    case basic(username: Secret, password: Secret, apiKey: Secret?)
    /// OAuth 2 refresh token, exchanged at `tokenUrl` for a bearer token at the start of each fetch.
    case refreshToken(tokenUrl: String, clientId: Secret, clientSecret: Secret, refreshToken: Secret)

    public var secrets: [Secret] { identifiers + hidden }

    /// The names of accounts (a username, a client id): needed, but not secret.
    public var identifiers: [Secret] {
      switch self {
      case .basic(let username, _, _): [username]
      case .refreshToken(_, let clientId, _, _): [clientId]
      }
    }

    /// What must never appear in a message.
    public var hidden: [Secret] {
      switch self {
      case .basic(_, let password, let apiKey): [password] + (apiKey.map { [$0] } ?? [])
      case .refreshToken(_, _, let clientSecret, let refreshToken): [clientSecret, refreshToken]
      }
    }
  }

  /// A credential's environment variable: its value, or the contents of the file `<NAME>_FILE` names.
  public struct Secret: Equatable, Sendable {
    public let variable: String
    public init(variable: String) { self.variable = variable }
  }

  /// An extra request header: a literal value or one from the environment.
  public struct Header: Equatable, Sendable {
    public let name: String
    public let value: String?
    public let secret: Secret?
  }

  /// Which values of a status field mean the worker has left.
  public struct Status: Equatable, Sendable {
    public let value: FieldMapping
    public let terminated: Set<String>
  }

  public struct Retry: Equatable, Sendable {
    public var attempts = 5
    public var initialDelayMs = 1_000
    public var maxDelayMs = 60_000
  }

  /// `reportUrl` for Workday, `baseUrl` for UKG.
  public var url: String
  public var auth: Auth
  public var headers: [Header] = []
  /// Workday report prompts, sent as query parameters, sorted by name.
  public var prompts: [(name: String, value: String)] = []
  /// The directory's fields; `managerId` is resolved to the manager's email through `workerId`.
  public var fields: [String: FieldMapping]
  /// The id other records use to name this worker as their manager.
  public var workerId: FieldMapping
  public var customFields: [String: FieldMapping] = [:]
  public var status: Status?
  public var dateFormats: [DateFormat] = DateFormat.defaults
  /// One request, start to end; Workday reports are slow, so its default is generous.
  public var timeoutSeconds: Int
  /// The whole fetch, retries included.
  public var runTimeoutSeconds = 1_800
  public var retry = Retry()
  /// UKG paging: records per page, and the most pages a fetch may read.
  public var perPage = 200
  public var maxPages = 10_000
  public var personDetailsPath = "/personnel/v1/person-details"
  public var employmentDetailsPath = "/personnel/v1/employment-details"

  public static func == (lhs: APISource, rhs: APISource) -> Bool {
    lhs.url == rhs.url && lhs.auth == rhs.auth && lhs.headers == rhs.headers && lhs.prompts.map(\.name) == rhs.prompts.map(\.name)
      && lhs.prompts.map(\.value) == rhs.prompts.map(\.value) && lhs.fields == rhs.fields && lhs.workerId == rhs.workerId
      && lhs.customFields == rhs.customFields && lhs.status == rhs.status && lhs.dateFormats == rhs.dateFormats
      && lhs.timeoutSeconds == rhs.timeoutSeconds && lhs.runTimeoutSeconds == rhs.runTimeoutSeconds && lhs.retry == rhs.retry
      && lhs.perPage == rhs.perPage && lhs.maxPages == rhs.maxPages && lhs.personDetailsPath == rhs.personDetailsPath
      && lhs.employmentDetailsPath == rhs.employmentDetailsPath
  }

  /// The names `fields` takes: the directory's fields and `managerId`.
  public static let fieldNames = StandardField.allCases.map(\.rawValue) + ["managerId"]

  /// The mapping used for fields the configuration leaves out: the usual names of each system,
  /// so a report with the common aliases needs no `fields` at all.
  public static func defaultFields(_ kind: SourceKind) -> [String: FieldMapping] {
    switch kind {
    case .ukg:
      [
        "employeeId": .paths("employeeNumber"),
        "fullName": .join([.paths("preferredName", "firstName"), .paths("lastName")], separator: " "),
        "email": .paths("emailAddress"),
        "title": .paths("jobTitle"),
        "department": .paths("orgLevel1Code"),
        "location": .paths("primaryWorkLocationCode"),
        "hireDate": .paths("lastHireDate", "originalHireDate"),
        "terminationDate": .paths("dateOfTermination"),
        "managerId": .paths("supervisorID"),
      ]
    default:
      [
        "employeeId": .paths("Employee_ID", "Emp_ID"),
        "fullName": .firstOf([.paths("Full_Name"), .join([.paths("First_Name"), .paths("Last_Name")], separator: " ")]),
        "email": .paths("Email", "Email_Address", "Work_Email"),
        "title": .paths("Business_Title", "Job_Title"),
        "department": .paths("Department", "Team_Name"),
        "location": .paths("Location"),
        "hireDate": .paths("Start_Date", "Hire_Date"),
        "terminationDate": .paths("Termination_Date", "Last_Day_Of_Work"),
        "managerId": .paths("Manager_ID", "Mgr_ID"),
        "managerEmail": .paths("Manager_Email"),
      ]
    }
  }

  /// UKG names workers by its own `employeeID` (what `supervisorID` points at); Workday's reports by `Employee_ID`.
  public static func defaultWorkerId(_ kind: SourceKind) -> FieldMapping {
    kind == .ukg ? .paths("employeeID") : .paths("Employee_ID", "Emp_ID")
  }

  public static func defaultStatus(_ kind: SourceKind) -> Status? {
    kind == .ukg ? Status(value: .paths("employeeStatusCode"), terminated: ["T"]) : nil
  }
}
