/// A person as rules see them: their record, and the values resolved before rules run.
public struct RuleSubject {
  /// The person's record, as read from their source.
  public let record: EmployeeRecord
  /// The configured location, nil when blank or not configured.
  public let location: String?
  /// False when the manager was blanked (not an active person).
  public let keepsManager: Bool
  /// How many active people name this person as their manager (0 when no rule reads it).
  public let directReports: Int

  /// A person with the values the planner resolved for them.
  public init(record: EmployeeRecord, location: String?, keepsManager: Bool, directReports: Int = 0) {
    self.record = record
    self.location = location
    self.keepsManager = keepsManager
    self.directReports = directReports
  }
}
