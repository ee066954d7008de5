/// The groups of one person, as bits over the engine's sorted group names.
public struct GroupSet: Equatable, Sendable {
  private var low: UInt64 = 0
  private var high: [UInt64] = []

  /// An empty set.
  public init() {}

  /// Adds the group at `index` of the engine's group names.
  public mutating func insert(_ index: Int) {
    if index < 64 { low |= 1 << UInt64(index) } else { setHigh(index, true) }
  }

  /// Removes the group at `index`; nothing happens when it is not in the set.
  public mutating func remove(_ index: Int) {
    if index < 64 { low &= ~(1 << UInt64(index)) } else { setHigh(index, false) }
  }

  private mutating func setHigh(_ index: Int, _ on: Bool) {
    let word = index / 64 - 1
    while high.count <= word { high.append(0) }
    if on { high[word] |= 1 << UInt64(index % 64) } else { high[word] &= ~(1 << UInt64(index % 64)) }
  }

  /// True when the group at `index` is in the set.
  public func contains(_ index: Int) -> Bool {
    if index < 64 { return low & (1 << UInt64(index)) != 0 }
    let word = index / 64 - 1
    return word < high.count && high[word] & (1 << UInt64(index % 64)) != 0
  }

  /// True when the person is in no group.
  public var isEmpty: Bool { low == 0 && high.allSatisfy { $0 == 0 } }

  /// The member indices, ascending.
  public func forEach(_ body: (Int) -> Void) {
    var bits = low
    while bits != 0 {
      body(bits.trailingZeroBitCount)
      bits &= bits - 1
    }
    for (word, value) in high.enumerated() {
      var bits = value
      while bits != 0 {
        body((word + 1) * 64 + bits.trailingZeroBitCount)
        bits &= bits - 1
      }
    }
  }
}
