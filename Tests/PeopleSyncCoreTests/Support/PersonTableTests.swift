import PeopleSyncCore
import Testing

@Suite("PersonTable")
struct PersonTableTests {
  /// Compared with `Dictionary` through random inserts and removals, including ids that collide
  /// in their low bits so probe runs form and have to be repaired.
  @Test("behaves like a dictionary under inserts and removals")
  func matchesDictionary() {
    var table = PersonTable<Int>()
    var reference: [PersonID: Int] = [:]
    var generator = SystemRandomNumberGenerator()
    for step in 0..<30_000 {
      // A few thousand distinct ids; one in four from a cluster sharing their low bits.
      let spread = UInt64.random(in: 0..<3000, using: &generator) &* 0x9E37_79B9_7F4A_7C15
      let id = PersonID(Bool.random(using: &generator) && Bool.random(using: &generator) ? (spread << 16) | 7 : spread)
      if Bool.random(using: &generator) || step < 2000 {
        table[id] = step
        reference[id] = step
      } else {
        table.remove(id)
        reference[id] = nil
      }
    }
    #expect(table.count == reference.count)
    for (id, value) in reference { #expect(table[id] == value) }
    var seen = 0
    table.forEach { id, value in
      seen += 1
      #expect(reference[id] == value)
    }
    #expect(seen == reference.count)
  }
}
