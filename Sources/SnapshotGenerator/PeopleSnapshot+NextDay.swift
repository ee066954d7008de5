extension PeopleSnapshot {
  /// The next export: about `churn` of today's rows changed, deterministically.
  ///
  /// The changes split 40% hires, 30% terminations (half dropped from the file, half given a
  /// termination date in the two weeks up to `asOf`), 20% attribute changes (title,
  /// department or location) and 10% email changes with the same Employee ID. Rows keep
  /// their order and new hires are appended, so the two files differ only where people did.
  /// Terminations and email changes pick people who manage nobody, so no other row has to
  /// change with them; a person changes in one way at most.
  ///
  /// - Parameter asOf: the new export's day; default the day after this one's.
  public func nextDay(churn: Double, asOf: CivilDay? = nil) -> NextDay {
    precondition(churn >= 0 && churn <= 1, "churn is a share between 0 and 1")
    let asOf = asOf ?? self.asOf.adding(days: 1)
    var rng = SplitMix64.stream(seed: seed, UInt64(day + 1))
    var people = self.people
    var counts = ChurnCounts()
    counts.rowsBefore = rowCount

    let total = Int((Double(rowCount) * churn).rounded())
    let hires = Int((Double(total) * 0.4).rounded())
    let terminations = Int((Double(total) * 0.3).rounded())
    let attributes = min(Int((Double(total) * 0.2).rounded()), total - hires - terminations)
    let emails = total - hires - terminations - attributes

    var hasReports = [Bool](repeating: false, count: people.count)
    for person in people where !person.removed && person.manager >= 0 { hasReports[Int(person.manager)] = true }
    var touched = [Bool](repeating: false, count: people.count)
    func isQuietLeaf(_ index: Int) -> Bool {
      let person = people[index]
      return index != 0 && !touched[index] && !hasReports[index] && person.isActive(on: asOf) && person.termination == GeneratedPerson.none
    }
    func pick(_ eligible: (Int) -> Bool) -> Int? {
      // Random probes find someone almost always; the scan keeps tiny files and huge churn exact.
      for _ in 0..<64 {
        let index = rng.below(people.count)
        if eligible(index) { touched[index] = true; return index }
      }
      let start = rng.below(people.count)
      for offset in 0..<people.count {
        let index = (start + offset) % people.count
        if eligible(index) { touched[index] = true; return index }
      }
      return nil
    }

    let removals = terminations / 2
    for number in 0..<terminations {
      guard let index = pick(isQuietLeaf) else { break }
      if number < removals {
        people[index].removed = true
        counts.terminationsRemoved += 1
      } else {
        let end = max(Int(people[index].hire), asOf.ordinal - rng.below(15))
        people[index].termination = Int32(end)
        counts.terminationsDated += 1
      }
    }
    for number in 0..<emails {
      guard let index = pick(isQuietLeaf) else { break }
      if number % 2 == 0 {
        let old = Int(people[index].last)
        people[index].last = UInt16((old + 1 + rng.below(Vocabulary.lastNames.count - 1)) % Vocabulary.lastNames.count)
        counts.surnameChanges += 1
      } else {
        people[index].emailStyle ^= 1
        counts.emailOnlyChanges += 1
      }
    }
    for _ in 0..<attributes {
      guard let index = pick({ $0 != 0 && !touched[$0] && people[$0].isActive(on: asOf) }) else { break }
      let roll = rng.below(4)
      if roll < 2 {
        let department = Int(people[index].department)
        let old = Int(people[index].title)
        let first = department == 5 ? 2 : 1
        let choices = Vocabulary.departments[department].titles.count - first
        // A different title of the same department (heads move to an ordinary title).
        let title = old >= first ? first + (old - first + 1 + rng.below(choices - 1)) % choices : first + rng.below(choices)
        people[index].title = UInt8(title)
        counts.titleChanges += 1
      } else if roll == 2 {
        let old = Int(people[index].department)
        let department = (old + 1 + rng.below(Vocabulary.departments.count - 1)) % Vocabulary.departments.count
        people[index].department = UInt8(department)
        people[index].title = UInt8(PeopleGenerator.randomTitle(department: department, rng: &rng))
        people[index].costCenter = PeopleGenerator.costCenter(department: department, rng: &rng)
        counts.departmentChanges += 1
      } else {
        let old = Int(people[index].location)
        people[index].location = UInt8((old + 1 + rng.below(Vocabulary.locations.count - 1)) % Vocabulary.locations.count)
        counts.locationChanges += 1
      }
    }

    var nextNumber = self.nextNumber
    let managers = people.count
    for _ in 0..<hires {
      var person = PeopleGenerator.randomPerson(number: nextNumber, rng: &rng)
      nextNumber += 1
      var manager = 0
      for _ in 0..<64 {
        let candidate = rng.below(managers)
        if hasReports[candidate] && people[candidate].isActive(on: asOf) { manager = candidate; break }
      }
      person.manager = Int32(manager)
      if rng.chance(0.85) {
        person.department = people[manager].department
        person.title = UInt8(PeopleGenerator.randomTitle(department: Int(person.department), rng: &rng))
      }
      person.costCenter = PeopleGenerator.costCenter(department: Int(person.department), rng: &rng)
      person.hire = Int32(asOf.ordinal - rng.below(4))
      people.append(person)
      counts.hires += 1
    }

    let rows = rowCount - counts.terminationsRemoved + counts.hires
    counts.rowsAfter = rows
    let next = PeopleSnapshot(seed: seed, day: day + 1, asOf: asOf, people: people, rowCount: rows, nextNumber: nextNumber)
    return NextDay(snapshot: next, changes: counts)
  }
}
