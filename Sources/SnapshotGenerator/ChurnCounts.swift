/// What changed between two generated days, by kind; each changed person is counted once.
public struct ChurnCounts: Sendable, Equatable {
  /// Rows in the earlier day's file.
  public var rowsBefore = 0
  /// Rows in the later day's file.
  public var rowsAfter = 0
  /// New rows appended at the end, with new Employee IDs, hired on or before the as-of date.
  public var hires = 0
  /// Terminations the HR system reports by dropping the row.
  public var terminationsRemoved = 0
  /// Terminations reported by a termination date on or before the as-of date.
  public var terminationsDated = 0
  /// A new title in the same department.
  public var titleChanges = 0
  /// A new department (with a title and cost center of that department).
  public var departmentChanges = 0
  /// A new location.
  public var locationChanges = 0
  /// A new surname: the full name and the email change, the Employee ID stays.
  public var surnameChanges = 0
  /// Only the email's form changes (`first.last.N@` ↔ `flast.N@`), the Employee ID stays.
  public var emailOnlyChanges = 0

  /// No changes.
  public init() {}

  /// Terminations of both kinds.
  public var terminations: Int { terminationsRemoved + terminationsDated }
  /// Title, department and location changes.
  public var attributeChanges: Int { titleChanges + departmentChanges + locationChanges }
  /// Changes that give the person a new email.
  public var emailChanges: Int { surnameChanges + emailOnlyChanges }
  /// People changed (every kind).
  public var total: Int { hires + terminations + attributeChanges + emailChanges }

  /// What a reconciler should plan for the day: provisions, updates and deprovisions.
  public var expectedProvisions: Int { hires }
  /// Updates: people whose attributes or email changed.
  public var expectedUpdates: Int { attributeChanges + emailChanges }
  /// Deprovisions: people terminated, whichever way.
  public var expectedDeprovisions: Int { terminations }
}
