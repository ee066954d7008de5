import CZlib

/// Copies packs into one, each object once, storing the versions of each tree the way git's own
/// repacking does: the newest whole, each older one as a delta against the next newer. A SCIM write
/// rewrites a whole shard tree (hundreds of entries) to add one, so successive versions differ by an
/// entry, and a merged pack holds the entry instead of the tree; reading the current state (the
/// newest versions) never resolves a delta, and only old history pays for chains.
struct PackMerger {
  /// One pack to copy: its bytes, its records in offset order, and which of its trees are
  /// versions of which path (by `PackStack.intern`'s numbers), oldest first.
  struct Source {
    let data: [UInt8]
    let records: [PackFormat.Record]
    let versions: [Int32: [ObjectID]]
  }

  /// Git's own repacking keeps delta chains this short, for readers' sake.
  static let maxDepth = 50

  private var bytes = PackFormat.header(count: 0)
  private(set) var records: [PackFormat.Record] = []
  /// The merged pack's versions of each path, oldest first: what the next merge needs.
  private(set) var versions: [Int32: [ObjectID]] = [:]
  /// Where each object went (-1: not yet), and how deep in a delta chain, by its number: objects are
  /// numbered by their place across the sources (the first source's, then the next one's), and an
  /// object held by several sources goes by its place in the oldest. Arrays rather than tables by
  /// id: a merge handles every object of its sources, and hashing ids was a fifth of its time.
  private var placed: [Int]
  private var depths: [Int]

  private init(count: Int) {
    placed = [Int](repeating: -1, count: count)
    depths = [Int](repeating: 0, count: count)
  }

  /// Merges `sources` (oldest first) and returns the pack's bytes without its checksum.
  static func merge(_ sources: [Source]) throws -> PackMerger {
    var starts: [Int] = []
    var total = 0
    for source in sources {
      starts.append(total)
      total += source.records.count
    }
    var merger = PackMerger(count: total)
    // Each object's number; newest first, so an object several sources hold ends with the oldest's.
    var located: [ObjectID: Int] = [:]
    located.reserveCapacity(total)
    var repeated = [Bool](repeating: false, count: total)
    for number in sources.indices.reversed() {
      for (index, record) in sources[number].records.enumerated().reversed() {
        if let newer = located.updateValue(starts[number] + index, forKey: record.id) { repeated[newer] = true }
      }
    }
    var versioned = [Bool](repeating: false, count: total)
    var paths: [Int32: [ObjectID]] = [:]
    for source in sources {
      for (path, ids) in source.versions {
        for id in ids {
          guard let number = located[id], !versioned[number] else { continue }
          versioned[number] = true
          paths[path, default: []].append(id)
        }
      }
    }
    // Everything else whole, in the order the sources hold it, with the checksums they have.
    for (number, source) in sources.enumerated() {
      for (index, record) in source.records.enumerated() where !versioned[starts[number] + index] && !repeated[starts[number] + index] {
        let entry = source.entry(index)
        guard try PackFormat.EntryHeader(entry).baseDistance == nil else {
          throw GitError(code: -1, message: "a delta outside a tree's versions cannot be merged")
        }
        merger.append(starts[number] + index, record.id, entry, crc: record.crc)
      }
    }
    var reader = Reader(sources: sources)
    for path in paths.keys.sorted() {
      reader.forget()
      // Newest source first. A source's own chain (its newest whole, older ones deltas against the
      // newer) is copied as it is; its newest version becomes a delta against the newer source's
      // newest, so each object is compared once, when it is first merged.
      var link: (offset: Int, content: [UInt8], depth: Int)?
      for number in sources.indices.reversed() {
        guard let ids = sources[number].versions[path] else { continue }
        let range = starts[number]..<(starts[number] + sources[number].records.count)
        var first = true
        for id in ids.reversed() {
          guard let object = located[id], range.contains(object) else { continue }
          let index = object - starts[number]
          let entry = sources[number].entry(index)
          let header = try PackFormat.EntryHeader(entry)
          let start = merger.bytes.count
          let offset = sources[number].records[index].offset
          if let distance = header.baseDistance, distance <= offset, let baseIndex = reader.index(number, offset - distance),
            let base = located[sources[number].records[baseIndex].id], merger.placed[base] >= 0, merger.depths[base] < Self.maxDepth
          {
            merger.append(
              object, id,
              PackFormat.entryHeader(code: 6, size: header.size) + PackFormat.baseDistance(UInt64(start - merger.placed[base]))
                + entry[(entry.startIndex + header.length)...], depth: merger.depths[base] + 1)
          } else {
            let content = try reader.content(number, index)
            if let base = link, base.depth < Self.maxDepth, let delta = PackDelta.make(base: base.content, target: content),
              delta.count < content.count / 2
            {
              var bytes = PackFormat.entryHeader(code: 6, size: delta.count) + PackFormat.baseDistance(UInt64(start - base.offset))
              delta.withUnsafeBytes { PackFormat.appendStored($0, to: &bytes) }
              merger.append(object, id, bytes[...], depth: base.depth + 1)
            } else {
              var bytes = PackFormat.entryHeader(type: .tree, size: content.count)
              content.withUnsafeBytes { PackFormat.appendStored($0, to: &bytes) }
              merger.append(object, id, bytes[...], depth: 0)
            }
            if first { link = (start, content, merger.depths[object]) }
          }
          first = false
        }
      }
      merger.versions[path] = paths[path]!
    }
    merger.bytes.replaceSubrange(0..<12, with: PackFormat.header(count: UInt32(merger.records.count)))
    return merger
  }

  /// The merged pack's bytes, without its checksum.
  var pack: [UInt8] { bytes }

  /// Appends object `number` (`id`) unless it is there already; `crc` when `entry` is copied as a source holds it.
  private mutating func append(_ number: Int, _ id: ObjectID, _ entry: ArraySlice<UInt8>, depth: Int = 0, crc: UInt32? = nil) {
    guard placed[number] < 0 else { return }
    let start = bytes.count
    placed[number] = start
    depths[number] = depth
    bytes += entry
    let checksum = crc ?? bytes.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress! + start, uInt($0.count - start))) }
    records.append(PackFormat.Record(id: id, offset: UInt64(start), crc: checksum))
  }

  /// Reads objects of the sources whole, resolving their deltas (whose bases are newer versions of
  /// the same path, read just before), and remembers them for the path being merged.
  private struct Reader {
    let sources: [Source]
    private var known: [Int: [UInt64: [UInt8]]] = [:]

    init(sources: [Source]) { self.sources = sources }

    /// Lets go of the objects read for the last path.
    mutating func forget() { known = [:] }

    /// The index of the object starting at `offset` in source `number` (its records are in offset order).
    func index(_ number: Int, _ offset: UInt64) -> Int? {
      let records = sources[number].records
      var (low, high) = (0, records.count)
      while low < high {
        let middle = (low + high) / 2
        if records[middle].offset < offset { low = middle + 1 } else { high = middle }
      }
      return low < records.count && records[low].offset == offset ? low : nil
    }

    mutating func content(_ number: Int, _ index: Int) throws -> [UInt8] {
      let source = sources[number]
      let offset = source.records[index].offset
      if let content = known[number]?[offset] { return content }
      let entry = source.entry(index)
      let header = try PackFormat.EntryHeader(entry)
      let data = try PackFormat.inflate(entry[(entry.startIndex + header.length)...], size: header.size)
      var content = data
      if let distance = header.baseDistance {
        guard distance <= offset, let base = self.index(number, offset - distance) else {
          throw GitError(code: -1, message: "a delta's base is missing from the pack being merged")
        }
        content = try PackDelta.apply(data, to: try self.content(number, base))
      }
      known[number, default: [:]][offset] = content
      return content
    }
  }
}

extension PackMerger.Source {
  /// The bytes of the entry at `index`: up to the next entry, or to the checksum.
  func entry(_ index: Int) -> ArraySlice<UInt8> {
    let end = index + 1 < records.count ? Int(records[index + 1].offset) : data.count - 20
    return data[Int(records[index].offset)..<end]
  }
}
