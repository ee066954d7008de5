/// A person as rules see them: their record, and the values resolved before rules run.
package struct RuleSubject {
  /// The person's record, as read from their source.
  package let record: EmployeeRecord
  /// The configured location, nil when blank or not configured.
  package let location: String?
  /// False when the manager was blanked (not an active person).
  package let keepsManager: Bool
  /// How many active people name this person as their manager (0 when no rule reads it).
  package let directReports: Int

  /// A person with the values the planner resolved for them.
  package init(record: EmployeeRecord, location: String?, keepsManager: Bool, directReports: Int = 0) {
    self.record = record
    self.location = location
    self.keepsManager = keepsManager
    self.directReports = directReports
  }
}
