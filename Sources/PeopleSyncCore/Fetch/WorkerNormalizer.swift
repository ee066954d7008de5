/// Turns an HR system's records into the tenant's snapshot: the directory's fields and the kept
/// custom fields, one worker a row, in the CSV layout a dropped file has (the original header
/// names), sorted by Employee ID, so a fetched snapshot reads and diffs like a dropped one and
/// goes through the same validation.
///
/// Rows naming the same worker are merged (Workday lists a worker once per value of a
/// multi-valued field); managers named by id are resolved to their email; dates are read in the
/// configured formats and written `YYYY-MM-DD`. Anything that cannot be read is reported with
/// the record it came from and written as received, so validation rejects that row and the
/// person stays as they were.
public struct WorkerNormalizer {
  /// One worker, with where their first row came from.
  struct Worker {
    var key: String
    var origin: String
    var values: [String?]
    var custom: [String?]
    var managerId: String?
    var workerId: String?
    var status: String?
    var rows = 1
  }

  /// What normalizing the records found, for the fetch's summary and its messages.
  public struct Report: Sendable {
    /// Records read from the source.
    public var records = 0
    /// Workers written to the snapshot.
    public var workers = 0
    /// Records merged into an earlier one for the same worker.
    public var merged = 0
    /// Workers whose status says they left but who have no termination date: left out, so they are absent.
    public var leftOut = 0
    /// Workers hired again after their last termination date (the old date is dropped).
    public var rehired = 0
    /// Records without anything to tell who they are: left out.
    public var unidentified = 0
    /// Warnings about single records: no id, conflicting values, a date that does not parse, an unknown manager.
    public var diagnostics: [Diagnostic] = []
  }

  let source: APISource
  let customFields: [String]
  let file: String
  private var workers: [Worker] = []
  private var byKey: [String: Int] = [:]
  /// What the records added so far came to.
  public private(set) var report = Report()

  /// - Parameter file: what diagnostics name as the place (the source's name and URL).
  public init(source: APISource, customFields: [String], file: String) {
    self.source = source
    self.customFields = customFields
    self.file = file
  }

  /// Adds one record; `origin` says where it was (`Report_Entry[17]`, `employment-details page 3 item 4`).
  public mutating func add(_ record: JSONValue, origin: String) {
    report.records += 1
    var values = [String?](repeating: nil, count: StandardField.allCases.count)
    for field in StandardField.allCases {
      values[field.ordinal] = source.fields[field.rawValue]?.values(in: record).first
    }
    let custom = customFields.map { name in
      source.customFields[name].map { mapping in
        let found = mapping.values(in: record)
        return found.isEmpty ? nil : found.joined(separator: ", ")
      } ?? nil
    }
    let workerId = source.workerId.value(in: record)
    let email = values[StandardField.email.ordinal]
    guard let key = workerId ?? values[StandardField.employeeId.ordinal] ?? email?.lowercased() else {
      report.unidentified += 1
      warn("fetch.unidentified", origin, nil, "a record with no worker id, Employee ID or email was left out")
      return
    }
    let worker = Worker(
      key: key, origin: origin, values: values, custom: custom, managerId: source.fields["managerId"]?.value(in: record),
      workerId: workerId, status: source.status?.value.value(in: record))
    guard let index = byKey[key] else {
      byKey[key] = workers.count
      workers.append(worker)
      return
    }
    report.merged += 1
    merge(worker, into: index)
  }

  /// Fills what the earlier rows left empty; a different non-empty value is reported and the first kept.
  private mutating func merge(_ worker: Worker, into index: Int) {
    var kept = workers[index]
    kept.rows += 1
    for field in StandardField.allCases {
      let (old, new) = (kept.values[field.ordinal], worker.values[field.ordinal])
      if old == nil {
        kept.values[field.ordinal] = new
      } else if let new, new != old {
        warn(
          "fetch.conflict", worker.origin, field.defaultColumn,
          "worker \(kept.key) is listed again with '\(new)' where \(kept.origin) has '\(old!)'; the first is kept")
      }
    }
    for index in kept.custom.indices {
      if kept.custom[index] == nil {
        kept.custom[index] = worker.custom[index]
      } else if let new = worker.custom[index], new != kept.custom[index] {
        warn(
          "fetch.conflict", worker.origin, customFields[index],
          "worker \(kept.key) is listed again with '\(new)' where \(kept.origin) has '\(kept.custom[index]!)'; the first is kept")
      }
    }
    kept.managerId = kept.managerId ?? worker.managerId
    kept.status = kept.status ?? worker.status
    workers[index] = kept
  }

  private mutating func warn(_ code: String, _ origin: String, _ field: String?, _ message: String) {
    report.diagnostics.append(Diagnostic(.warning, code, file: file, field: field, message: "\(origin): \(message)"))
  }

  /// The snapshot: a header of the original column names and the kept custom fields, then one
  /// worker a line, sorted by Employee ID then email.
  public mutating func finish() -> [UInt8] {
    var emailsById: [String: String] = [:]
    for worker in workers {
      guard let email = worker.values[StandardField.email.ordinal] else { continue }
      if let id = worker.workerId { emailsById[id] = email }
    }
    // Workers are finished in place and written straight out: a hundred thousand of them are not copied.
    var all = workers
    workers = []
    byKey = [:]
    var kept: [(id: String, email: String, index: Int)] = []
    kept.reserveCapacity(all.count)
    for index in all.indices {
      if let status = all[index].status, source.status?.terminated.contains(status) == true,
        all[index].values[StandardField.terminationDate.ordinal] == nil
      {
        report.leftOut += 1
        warn(
          "fetch.left-without-date", all[index].origin, nil,
          "worker \(all[index].key) has status '\(status)' (left) and no termination date: left out, so the directory treats them as gone")
        continue
      }
      normaliseDates(&all[index])
      if all[index].values[StandardField.managerEmail.ordinal] == nil, let managerId = all[index].managerId {
        if let email = emailsById[managerId] {
          all[index].values[StandardField.managerEmail.ordinal] = email
        } else {
          warn(
            "fetch.unknown-manager", all[index].origin, "managerId",
            "manager id '\(managerId)' of worker \(all[index].key) is not in the source; the manager is left blank")
        }
      }
      let values = all[index].values
      kept.append((values[StandardField.employeeId.ordinal] ?? "", values[StandardField.email.ordinal]?.lowercased() ?? "", index))
    }
    report.workers = kept.count
    kept.sort { ($0.id, $0.email) < ($1.id, $1.email) }
    var out: [UInt8] = []
    out.reserveCapacity(kept.count * 160 + 256)
    CSVWriter.line(StandardField.allCases.map(\.defaultColumn) + customFields, into: &out)
    for worker in kept { CSVWriter.line(all[worker.index].values + all[worker.index].custom, into: &out) }
    return out
  }

  private mutating func normaliseDates(_ worker: inout Worker) {
    var days: [StandardField: Day] = [:]
    for field in [StandardField.hireDate, .terminationDate] {
      guard let text = worker.values[field.ordinal] else { continue }
      if let day = source.dateFormats.lazy.compactMap({ $0.day(from: text) }).first {
        days[field] = day
        worker.values[field.ordinal] = day.description
      } else {
        warn(
          "fetch.date", worker.origin, field.defaultColumn,
          "'\(text)' matches none of the date formats (\(source.dateFormats.map(\.description).joined(separator: ", ")))"
            + (field == .hireDate ? "; the hire date will be left blank" : "; the row will be rejected")
        )
      }
    }
    // Hired again after the last day of a previous employment: that termination is over.
    if let hired = days[.hireDate], let left = days[.terminationDate], hired > left {
      worker.values[StandardField.terminationDate.ordinal] = nil
      report.rehired += 1
    }
  }
}
