import CLibCrypto
import CZlib
import Foundation

/// Writes objects into one new packfile with its index, instead of one loose file each.
///
/// A large sync or an initial import writes hundreds of thousands of objects; as loose
/// files that is one file creation each. Here they are deflated (fast level) into a
/// single `.pack`, and the `.idx` is written beside it directly, as git does. Small
/// objects are deflated in batches on all cores: at about 13 µs each, compressing a
/// million directory entries one after the other would dominate an import.
public final class PackObjectWriter: ObjectWriter {
  private let packFolder: String
  /// Called once the pack is in place: a repository handle lists its pack folder again.
  private let placed: () throws -> Void
  private let temporaryPath: String
  private let file: FileHandle
  private var buffer: [UInt8] = []
  private var written: UInt64 = 0
  private var records: [PackFormat.Record] = []
  private var seen: Set<ObjectID> = []
  private var checksum = peoplesync_sha1()
  private var finished = false
  /// Objects waiting to be deflated in the next batch, with their pack headers.
  private var pending: [(id: ObjectID, header: [UInt8], bytes: [UInt8], store: Bool)] = []
  private static let batchSize = 4096
  private let deflaters: [Deflater]

  public var objectsWritten: Int { records.count }

  /// A writer adding one pack to the repository at `gitDirectory` (ending in "/"); `placed` runs once
  /// the pack and its index are in place and synced.
  public init(gitDirectory: String, placed: @escaping () throws -> Void = {}) throws {
    packFolder = gitDirectory + "objects/pack"
    self.placed = placed
    try FileManager.default.createDirectory(atPath: packFolder, withIntermediateDirectories: true)
    // Not ending in ".pack": `git gc` would take it for a pack to delete (see `PackFolder.place(pack:index:name:)`).
    temporaryPath = "\(packFolder)/tmp_peoplesync_\(getpid())_\(UUID().uuidString)_pack"
    // Created in place: Foundation's createFile would write another temporary file and rename it.
    let descriptor = open(temporaryPath, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw GitError(code: -1, message: "cannot create \(temporaryPath): \(String(cString: strerror(errno)))") }
    file = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    peoplesync_sha1_init(&checksum)
    deflaters = try (0..<max(1, ProcessInfo.processInfo.activeProcessorCount)).map { _ in try Deflater() }
    // The object count is not known yet; it is patched in, and the checksum taken, at the end.
    append(PackFormat.header(count: 0))
  }

  deinit {
    if !finished {
      try? file.close()
      try? FileManager.default.removeItem(atPath: temporaryPath)
    }
  }

  public func write(_ bytes: UnsafeRawBufferPointer, type: ObjectType) throws -> ObjectID {
    try write(bytes, type: type, store: false)
  }

  /// With `store`, the object is kept uncompressed inside its zlib stream.
  public func write(_ bytes: UnsafeRawBufferPointer, type: ObjectType, store: Bool) throws -> ObjectID {
    let id = ObjectID.hash(bytes, type: type)
    guard seen.insert(id).inserted else { return id }
    let header = PackFormat.entryHeader(type: type, size: bytes.count)
    var store = store
    if bytes.count >= 1 << 20, !store {
      // An encrypted object does not compress at all: zlib stores it (level 0) instead of trying for seconds.
      let sample = UnsafeRawBufferPointer(rebasing: bytes[0..<(1 << 18)])
      store = try deflaters[0].deflate(sample).count >= sample.count * 9 / 10
    }
    if bytes.count >= 64 << 20 {
      // A snapshot: deflated where it lies rather than copied into the batch.
      try deflatePending()
      try append(object: id, header: header, compressed: deflaters[0].deflate(bytes, store: store))
      return id
    }
    pending.append((id, header, Array(bytes), store))
    if pending.count >= Self.batchSize { try deflatePending() }
    return id
  }

  private func append(object id: ObjectID, header: [UInt8], compressed: [UInt8]) throws {
    var crc = header.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
    crc = compressed.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
    records.append(PackFormat.Record(id: id, offset: written, crc: UInt32(crc)))
    append(header)
    append(compressed)
    if buffer.count >= 1 << 20 { try flush() }
  }

  /// Deflates the pending objects on all cores, then appends them in order.
  private func deflatePending() throws {
    guard !pending.isEmpty else { return }
    let batch = pending
    pending.removeAll(keepingCapacity: true)
    let workers = min(deflaters.count, batch.count)
    let results = UnsafeMutableBufferPointer<Result<[UInt8], Error>?>.allocate(capacity: batch.count)
    results.initialize(repeating: nil)
    defer {
      results.deinitialize()
      results.deallocate()
    }
    nonisolated(unsafe) let slots = results
    let deflaters = self.deflaters
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      for index in stride(from: worker, to: batch.count, by: workers) {
        slots[index] = Result { try deflaters[worker].deflate(batch[index].bytes, store: batch[index].store) }
      }
    }
    for (index, object) in batch.enumerated() {
      try append(object: object.id, header: object.header, compressed: results[index]!.get())
    }
  }

  private func append(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { append($0) } }

  private func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    buffer.append(contentsOf: bytes)
    written += UInt64(bytes.count)
  }

  private func flush() throws {
    try file.write(contentsOf: buffer)
    buffer.removeAll(keepingCapacity: true)
  }

  public func finish() throws {
    guard !finished else { return }
    try deflatePending()
    finished = true
    guard !records.isEmpty else {
      try file.close()
      try FileManager.default.removeItem(atPath: temporaryPath)
      return
    }
    try flush()
    // Patch the object count, then checksum the whole file as written.
    let count = UInt32(records.count)
    try file.seek(toOffset: 8)
    try file.write(contentsOf: [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)])
    try file.seek(toOffset: 0)
    let reader = try FileHandle(forReadingFrom: URL(fileURLWithPath: temporaryPath))
    while let chunk = try reader.read(upToCount: 4 << 20), !chunk.isEmpty {
      chunk.withUnsafeBytes { peoplesync_sha1_update(&checksum, $0.baseAddress, $0.count) }
    }
    try reader.close()
    var packChecksum = [UInt8](repeating: 0, count: 20)
    peoplesync_sha1_final(&checksum, &packChecksum)
    try file.seekToEnd()
    try file.write(contentsOf: packChecksum)
    try Durability.syncFile(file.fileDescriptor, path: temporaryPath)
    try file.close()
    chmod(temporaryPath, 0o444)

    let name = packChecksum.map { String(format: "%02x", $0) }.joined()
    let index = PackFormat.index(records: records, packChecksum: packChecksum)
    let base = "\(packFolder)/pack-\(name)"
    // The pack first: git only looks at packs that have an index. Each is synced before its
    // rename, the index before the pack's (a gc meanwhile must find both or neither), and the
    // folder after: the commit naming these objects is made next.
    let temporaryIndex = "\(packFolder)/tmp_peoplesync_\(getpid())_\(name)_idx"
    try writeSynced(index, through: temporaryIndex)
    guard rename(temporaryPath, base + ".pack") == 0 else {
      unlink(temporaryIndex)
      throw GitError(code: -1, message: "cannot move the new pack into \(packFolder): \(String(cString: strerror(errno)))")
    }
    try move(temporaryIndex, to: base + ".idx")
    try Durability.syncDirectory(packFolder)
    try placed()
  }
}
