/// One day's HR export: the people in file order, and what is needed to derive the next day.
public struct PeopleSnapshot: Sendable {
  /// The seed of the generator that made it; each next day is derived from it.
  public let seed: UInt64
  /// 0 for the base file, one more for each `nextDay`.
  public let day: Int
  /// The day this export describes.
  public let asOf: CivilDay
  /// Everyone ever generated, in file order; `removed` people are not written.
  public internal(set) var people: [GeneratedPerson]
  /// The rows the CSV holds (people not removed).
  public internal(set) var rowCount: Int
  /// The employee number the next hire gets.
  var nextNumber: Int

  init(seed: UInt64, day: Int, asOf: CivilDay, people: [GeneratedPerson], rowCount: Int, nextNumber: Int) {
    self.seed = seed
    self.day = day
    self.asOf = asOf
    self.people = people
    self.rowCount = rowCount
    self.nextNumber = nextNumber
  }

  /// The people written to the file, in order.
  public var rows: [GeneratedPerson] { people.filter { !$0.removed } }

  /// Streams the CSV in chunks of about `chunkSize` bytes, so that a million rows never
  /// sit in memory at once (about 150 MB of text).
  public func writeCSV(chunkSize: Int = 1 << 20, _ sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
    var buffer: [UInt8] = []
    buffer.reserveCapacity(chunkSize + 1024)
    buffer.append(contentsOf: Encoded.header)
    for person in people where !person.removed {
      appendRow(person, to: &buffer)
      if buffer.count >= chunkSize {
        try buffer.withUnsafeBytes(sink)
        buffer.removeAll(keepingCapacity: true)
      }
    }
    if !buffer.isEmpty { try buffer.withUnsafeBytes(sink) }
  }

  /// The whole CSV in memory.
  public func csvBytes() -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(rowCount * 160 + 256)
    writeCSV { out.append(contentsOf: $0) }
    return out
  }

  private func appendRow(_ person: GeneratedPerson, to out: inout [UInt8]) {
    let comma = UInt8(ascii: ",")
    out.append(contentsOf: Encoded.firstDisplay[Int(person.first)])
    out.append(0x20)
    out.append(contentsOf: Encoded.lastDisplay[Int(person.last)])
    out.append(comma)
    Encoded.appendEmail(person, to: &out)
    out.append(comma)
    out.append(UInt8(ascii: "E"))
    Encoded.appendNumber(Int(person.number), width: 7, to: &out)
    out.append(comma)
    out.append(contentsOf: Encoded.departments[Int(person.department)])
    out.append(comma)
    out.append(contentsOf: Encoded.titles[Int(person.department)][Int(person.title)])
    out.append(comma)
    person.hireDay.appendISO(to: &out)
    out.append(comma)
    if person.manager >= 0 { Encoded.appendEmail(people[Int(person.manager)], to: &out) }
    out.append(comma)
    if person.hasPicture {
      out.append(contentsOf: Encoded.pictureBase)
      out.append(UInt8(ascii: "E"))
      Encoded.appendNumber(Int(person.number), width: 7, to: &out)
      out.append(contentsOf: Encoded.pictureSuffix)
    }
    out.append(comma)
    out.append(contentsOf: Encoded.locations[Int(person.location)])
    out.append(comma)
    if let end = person.terminationDay { end.appendISO(to: &out) }
    out.append(comma)
    out.append(contentsOf: Encoded.costCenterPrefix)
    Encoded.appendNumber(Int(person.costCenter), width: 4, to: &out)
    out.append(0x0A)
  }
}
