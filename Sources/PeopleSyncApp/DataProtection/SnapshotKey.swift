import PeopleSyncCore

/// A snapshot's key and what the retention rule needs to know about it.
struct SnapshotKey: Equatable {
  let source: String
  let createdOn: Day
  /// The as-of date of the first sync that found the snapshot replaced; the replay window counts from it.
  var replacedOn: Day?
  let key: [UInt8]

  init(source: String, createdOn: Day, replacedOn: Day?, key: [UInt8]) {
    self.source = source
    self.createdOn = createdOn
    self.replacedOn = replacedOn
    self.key = key
  }
}
