/// Git's delta format: the sizes, then copies from the base and inserted bytes (at most 127 at a time).
enum PackDelta {
  /// The target tree as runs of the base's entries and the entries it does not hold; nil when
  /// either is not a well-formed tree or nothing is shared. Both list their entries in git's order,
  /// so one walk finds every entry added, removed or changed, however many and wherever they are.
  static func make(base: [UInt8], target: [UInt8]) -> [UInt8]? {
    guard let old = entries(base), let new = entries(target) else { return nil }
    var out = varint(base.count) + varint(target.count)
    var shared = 0
    var run: (start: Int, end: Int)?
    func flush() {
      if let pending = run { copy(offset: pending.start, size: pending.end - pending.start, to: &out) }
      run = nil
    }
    var i = 0
    for entry in new {
      while i < old.count, TreeOrder.precedes(old[i].name(base), old[i].isTree, entry.name(target), entry.isTree) { i += 1 }
      if i < old.count, base[old[i].range].elementsEqual(target[entry.range]) {
        if let pending = run, pending.end == old[i].range.lowerBound {
          run = (pending.start, old[i].range.upperBound)
        } else {
          flush()
          run = (old[i].range.lowerBound, old[i].range.upperBound)
        }
        shared += entry.range.count
        i += 1
      } else {
        flush()
        var index = entry.range.lowerBound
        while index < entry.range.upperBound {
          let count = min(127, entry.range.upperBound - index)
          out.append(UInt8(count))
          out += target[index..<index + count]
          index += count
        }
      }
    }
    flush()
    return shared > 0 ? out : nil
  }

  /// A tree entry's place in the tree's bytes.
  private struct Entry {
    let range: Range<Int>
    let nameRange: Range<Int>
    let isTree: Bool

    func name(_ bytes: [UInt8]) -> ArraySlice<UInt8> { bytes[nameRange] }
  }

  private static func entries(_ tree: [UInt8]) -> [Entry]? {
    var out: [Entry] = []
    var index = 0
    while index < tree.count {
      guard let space = tree[index...].firstIndex(of: 0x20), let nul = tree[space...].firstIndex(of: 0), nul + 21 <= tree.count else {
        return nil
      }
      out.append(Entry(range: index..<(nul + 21), nameRange: (space + 1)..<nul, isTree: tree[index] == UInt8(ascii: "4")))
      index = nul + 21
    }
    return out
  }

  /// The target a delta makes of `base`.
  static func apply(_ delta: [UInt8], to base: [UInt8]) throws -> [UInt8] {
    var index = 0
    func next() throws -> UInt8 {
      guard index < delta.count else { throw GitError(code: -1, message: "a delta is cut short") }
      defer { index += 1 }
      return delta[index]
    }
    func size() throws -> Int {
      var value = 0
      var shift = 0
      var byte: UInt8
      repeat {
        byte = try next()
        value |= Int(byte & 0x7F) << shift
        shift += 7
      } while byte & 0x80 != 0
      return value
    }
    guard try size() == base.count else { throw GitError(code: -1, message: "a delta does not fit its base") }
    let length = try size()
    var out: [UInt8] = []
    out.reserveCapacity(length)
    while index < delta.count {
      let op = try next()
      if op & 0x80 != 0 {
        var offset = 0
        var count = 0
        for byte in 0..<4 where op & (1 << byte) != 0 { offset |= Int(try next()) << (8 * byte) }
        for byte in 0..<3 where op & (1 << (4 + byte)) != 0 { count |= Int(try next()) << (8 * byte) }
        if count == 0 { count = 0x10000 }
        guard offset + count <= base.count else { throw GitError(code: -1, message: "a delta copies past its base") }
        out += base[offset..<offset + count]
      } else if op > 0 {
        guard index + Int(op) <= delta.count else { throw GitError(code: -1, message: "a delta is cut short") }
        out += delta[index..<index + Int(op)]
        index += Int(op)
      } else {
        throw GitError(code: -1, message: "a delta holds an unknown instruction")
      }
    }
    guard out.count == length else { throw GitError(code: -1, message: "a delta makes the wrong size") }
    return out
  }

  static func varint(_ value: Int) -> [UInt8] {
    var value = value
    var out: [UInt8] = []
    repeat {
      var byte = UInt8(value & 0x7F)
      value >>= 7
      if value > 0 { byte |= 0x80 }
      out.append(byte)
    } while value > 0
    return out
  }

  /// Copy instructions of at most 0xFFFFFF bytes each: offset and size bytes, the zero ones left out.
  private static func copy(offset: Int, size: Int, to out: inout [UInt8]) {
    var (offset, size) = (offset, size)
    while size > 0 {
      let part = min(size, 0xFF_FFFF)
      var op: UInt8 = 0x80
      var arguments: [UInt8] = []
      for byte in 0..<4 where (offset >> (8 * byte)) & 0xFF != 0 {
        op |= 1 << byte
        arguments.append(UInt8((offset >> (8 * byte)) & 0xFF))
      }
      for byte in 0..<3 where (part >> (8 * byte)) & 0xFF != 0 {
        op |= 1 << (4 + byte)
        arguments.append(UInt8((part >> (8 * byte)) & 0xFF))
      }
      out.append(op)
      out += arguments
      offset += part
      size -= part
    }
  }
}
