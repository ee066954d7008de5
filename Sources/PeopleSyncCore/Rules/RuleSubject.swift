/// A person as rules see them: their record, and the values resolved before rules run.
public struct RuleSubject {
  public let record: EmployeeRecord
  /// The configured location, nil when blank or not configured.
  public let location: String?
  /// False when the manager was blanked (not an active person).
  public let keepsManager: Bool
  public let directReports: Int

  public init(record: EmployeeRecord, location: String?, keepsManager: Bool, directReports: Int = 0) {
    self.record = record
    self.location = location
    self.keepsManager = keepsManager
    self.directReports = directReports
  }
}
