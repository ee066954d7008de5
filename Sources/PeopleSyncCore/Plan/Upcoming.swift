/// What the committed data already schedules in the next days: terminations, purges at the end
/// of quarantine (including those of people a scheduled termination or the next sync will
/// deprovision), and hires about to be provisioned.
public enum Upcoming {
  /// The events of the next `days` days after the plan's as-of date, by date.
  public static func events(_ plan: TenantPlan, quarantineDays: Int, days: Int) -> [ScheduledEvent] {
    let horizon = plan.asOf.adding(days: days)
    var events = plan.scheduled.filter { $0.date <= horizon }
    for event in plan.scheduled where event.kind == .termination {
      let purge = event.date.adding(days: quarantineDays)
      if purge <= horizon { events.append(ScheduledEvent(kind: .purge, date: purge, id: event.id, label: event.label)) }
    }
    for change in plan.changes where change.kind == .deprovision {
      let purge = plan.asOf.adding(days: quarantineDays)
      if purge <= horizon { events.append(ScheduledEvent(kind: .purge, date: purge, id: change.id, label: change.label)) }
    }
    return events.sorted { ($0.date, $0.kind.rawValue, $0.label, $0.id) < ($1.date, $1.kind.rawValue, $1.label, $1.id) }
  }
}
