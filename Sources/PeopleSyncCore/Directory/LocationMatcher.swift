/// Matches a location as written against the configured names, case-insensitively.
struct LocationMatcher {
  private let names: [String]
  private let folded: [[UInt8]]

  init(_ names: [String]) {
    self.names = names
    folded = names.map { Array($0.lowercased().utf8) }
  }

  /// The configured spelling, or nil.
  func match(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
    if raw.contains(where: { $0 >= 0x80 }) {
      // Non-ASCII letters need Unicode case folding.
      let lowered = Array(String(decoding: raw, as: UTF8.self).lowercased().utf8)
      return folded.firstIndex(of: lowered).map { names[$0] }
    }
    for (index, candidate) in folded.enumerated() where candidate.count == raw.count {
      if zip(candidate, raw).allSatisfy({ $0 == ((65...90).contains($1) ? $1 | 0x20 : $1) }) { return names[index] }
    }
    return nil
  }
}
