/// SplitMix64 (Steele, Lea and Flood): a tiny, fast generator whose whole state is one
/// UInt64, so every run from the same seed produces the same numbers on every machine.
struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in `0..<bound` (Lemire's multiply-high; the tiny bias is irrelevant here and
  /// keeps the sequence independent of the standard library's sampling algorithm).
  mutating func below(_ bound: Int) -> Int {
    precondition(bound > 0)
    return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
  }

  /// A number in `range`.
  mutating func int(in range: ClosedRange<Int>) -> Int {
    range.lowerBound + below(range.upperBound - range.lowerBound + 1)
  }

  /// True with probability `p`.
  mutating func chance(_ p: Double) -> Bool {
    Double(next() >> 11) * 0x1.0p-53 < p
  }

  /// A generator for an independent stream, derived from this seed and a label.
  static func stream(seed: UInt64, _ label: UInt64) -> SplitMix64 {
    var mixer = SplitMix64(seed: seed ^ (label &* 0xD6E8_FEB8_6659_FD93))
    return SplitMix64(seed: mixer.next())
  }
}
