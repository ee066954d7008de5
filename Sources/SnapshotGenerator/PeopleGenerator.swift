/// Generates a realistic, reproducible HR export of `count` people.
///
/// Everything follows from the seed: the same seed and count give byte-identical files on
/// every machine. The people form one management tree (everyone's manager comes earlier
/// in the file; the first row, the CEO, has none). Hire dates fall between 2000-01-03 and
/// `asOf`; about 0.3% of people carry a termination date 1 to 6 months after `asOf`.
public struct PeopleGenerator: Sendable {
  /// Everything generated follows from it.
  public let seed: UInt64
  /// The number of people in the base snapshot.
  public let count: Int
  /// The day the export is taken: no hire date is later, no termination date is earlier.
  public let asOf: CivilDay

  /// The as-of date of the benchmarks' and tests' exports: 2026-11-29.
  public static let defaultAsOf = CivilDay(year: 2026, month: 11, day: 29)

  /// A generator of `count` (at least one) people from `seed`, as of `asOf`.
  public init(seed: UInt64, count: Int, asOf: CivilDay = PeopleGenerator.defaultAsOf) {
    precondition(count >= 1, "at least one person")
    self.seed = seed
    self.count = count
    self.asOf = asOf
  }

  /// The base snapshot (day 0).
  public func snapshot() -> PeopleSnapshot {
    var rng = SplitMix64.stream(seed: seed, 0)
    var people: [GeneratedPerson] = []
    people.reserveCapacity(count + count / 50 + 16)
    let firstHire = CivilDay(year: 2000, month: 1, day: 3).ordinal
    let hireSpan = max(1, asOf.ordinal - firstHire + 1)
    for index in 0..<count {
      var person = Self.randomPerson(number: index + 1, rng: &rng)
      if index == 0 {
        person.department = 5  // Operations
        person.title = 0  // Chief Executive Officer
        person.hire = Int32(firstHire)
      } else {
        // Managers come from roughly the first fifth of the file: spans of about seven,
        // and everyone past the first fifth is an individual contributor.
        let high = (index - 1) / 5
        let low = min(index / 10, high)
        let manager = low + rng.below(high - low + 1)
        person.manager = Int32(manager)
        if index <= Vocabulary.departments.count {
          person.department = UInt8(index - 1)
          person.title = person.department == 5 ? 1 : 0
        } else if rng.chance(0.85) {
          person.department = people[manager].department
          person.title = UInt8(Self.randomTitle(department: Int(person.department), rng: &rng))
        }
        person.hire = Int32(firstHire + rng.below(hireSpan))
        if rng.chance(0.003) { person.termination = Int32(asOf.ordinal + rng.int(in: 7...180)) }
      }
      person.costCenter = Self.costCenter(department: Int(person.department), rng: &rng)
      people.append(person)
    }
    return PeopleSnapshot(seed: seed, day: 0, asOf: asOf, people: people, rowCount: count, nextNumber: count + 1)
  }

  /// The CSV of the base snapshot (holds it all in memory: for tests and small counts).
  public func csv() -> [UInt8] { snapshot().csvBytes() }

  /// The next day's export from the base snapshot; see `PeopleSnapshot.nextDay`.
  public func nextDay(churn: Double, asOf: CivilDay? = nil) -> NextDay {
    snapshot().nextDay(churn: churn, asOf: asOf)
  }

  static func randomPerson(number: Int, rng: inout SplitMix64) -> GeneratedPerson {
    let department = rng.below(Vocabulary.departments.count)
    return GeneratedPerson(
      number: Int32(number),
      first: UInt16(rng.below(Vocabulary.firstNames.count)),
      last: UInt16(rng.below(Vocabulary.lastNames.count)),
      department: UInt8(department),
      title: UInt8(randomTitle(department: department, rng: &rng)),
      location: UInt8(rng.below(Vocabulary.locations.count)),
      emailStyle: rng.chance(0.1) ? 1 : 0,
      hasPicture: rng.chance(0.7),
      removed: false,
      costCenter: 0,
      manager: -1,
      hire: 0,
      termination: GeneratedPerson.none)
  }

  /// Any title of the department but its head's (and, in Operations, but the CEO's and COO's).
  static func randomTitle(department: Int, rng: inout SplitMix64) -> Int {
    let titles = Vocabulary.departments[department].titles.count
    let first = department == 5 ? 2 : 1
    return first + rng.below(titles - first)
  }

  static func costCenter(department: Int, rng: inout SplitMix64) -> UInt16 {
    UInt16(1000 + department * 100 + rng.below(20))
  }
}
