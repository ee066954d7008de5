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
