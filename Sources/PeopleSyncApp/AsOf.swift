import Foundation
import PeopleSyncCore

/// "Today" for a tenant: the calendar date in its time zone.
package enum AsOf {
  /// The date `now` falls on in `timeZone` (UTC when the zone is unknown).
  package static func today(in timeZone: String, now: Date = Date()) -> Day {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!
    let parts = calendar.dateComponents([.year, .month, .day], from: now)
    return Day(year: parts.year!, month: parts.month!, day: parts.day!)!
  }
}

extension StateReader {
  /// The date a run of `tenant` computes for: `given` (`--as-of`), else today in the tenant's time
  /// zone at `now` (UTC when its configuration does not read; the tenant is then blocked on that
  /// date). The one place the default is worked out: a run settles it once per tenant, before
  /// anything reads it, so that the shortcut, the plan and every retry agree across midnight.
  func asOf(_ tenant: String, given: Day?, now: Date) throws -> Day {
    if let given { return given }
    return AsOf.today(in: try config(tenant).config?.timeZone ?? "UTC", now: now)
  }
}
