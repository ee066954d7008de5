/// Where a record stands on the as-of date.
enum Lifecycle {
  case active
  case terminated(Day)
  /// `active: false` over SCIM: access removed at once, whatever a daily feed says.
  case scimDeactivated
  /// Hired in the future; provisioned once `provisionOn` is reached.
  case preHire(provisionOn: Day)

  static func of(_ record: EmployeeRecord, asOf: Day, daysBeforeHire: Int) -> Lifecycle {
    let provisionOn = record.hireDate?.adding(days: -daysBeforeHire)
    if let end = record.terminationDate, end <= asOf {
      // A hire date after the termination date is a rehire.
      if let hire = record.hireDate, hire > end {
        return provisionOn! <= asOf ? .active : .terminated(end)
      }
      return .terminated(end)
    }
    if let provisionOn, provisionOn > asOf { return .preHire(provisionOn: provisionOn) }
    return .active
  }
}
