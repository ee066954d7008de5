/// The emails of a list of records, indexed for manager lookups and the duplicate check.
struct EmailIndex {
  private(set) var index: ByteIndex
  private let records: [EmployeeRecord]

  /// Wraps an index already built over `records`' emails.
  init(index: ByteIndex, records: [EmployeeRecord]) {
    self.index = index
    self.records = records
  }

  /// Indexes every record's email; the first record with an email wins.
  init(_ records: [EmployeeRecord]) {
    self.records = records
    index = ByteIndex(capacity: records.count)
    for (position, record) in records.enumerated() {
      _ = index.insert(record.bytes(.email), position: position) { records[$0].bytes(.email) }
    }
  }

  /// The position of the record with this (lowercased) email.
  func find(_ email: UnsafeBufferPointer<UInt8>) -> Int? { index.find(email) { records[$0].bytes(.email) } }
}
