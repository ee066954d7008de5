import CZlib
import Foundation

/// Writes a small batch of objects, a commit among them, as one pack: two files however many
/// objects the batch holds, where loose objects would be a file each.
///
/// Made for the SCIM server's group commits. On ext4 without a journal, creating a file costs a
/// scan past every inode freed in the last minutes (`recently_deleted`), so a commit of twenty loose
/// objects spent most of its time in the kernel. Objects are kept in memory until `finish` and
/// stored uncompressed inside their zlib streams, as the loose writer does: `PackStack` merges the
/// packs as they accumulate, and `git gc` compresses them.
package final class BatchPackWriter: ObjectWriter {
  private let stack: PackStack
  private var body: [UInt8] = []
  private var records: [PackFormat.Record] = []
  private var seen: Set<ObjectID> = []
  private var trees: [ObjectID: [UInt8]] = [:]
  private var paths: [ObjectID: Int32] = [:]
  /// With libgit2 packing (`PackStack.engine`): the objects themselves, for its mempack.
  private let whole = PackStack.engine == .libgit2
  private var objects: [(id: ObjectID, type: ObjectType, bytes: [UInt8])] = []

  package var objectsWritten: Int { records.count }

  /// A writer whose pack goes to `stack`'s repository when finished.
  package init(stack: PackStack) {
    self.stack = stack
    body.reserveCapacity(64 << 10)
  }

  package func write(_ bytes: UnsafeRawBufferPointer, type: ObjectType) throws -> ObjectID {
    let id = ObjectID.hash(bytes, type: type)
    guard seen.insert(id).inserted else { return id }
    if whole {
      objects.append((id, type, Array(bytes)))
      records.append(PackFormat.Record(id: id, offset: 0, crc: 0))
      if type == .tree { trees[id] = Array(bytes) }
      return id
    }
    let start = body.count
    body += PackFormat.entryHeader(type: type, size: bytes.count)
    PackFormat.appendStored(bytes, to: &body)
    let crc = body.withUnsafeBufferPointer { crc32(0, $0.baseAddress! + start, uInt($0.count - start)) }
    records.append(PackFormat.Record(id: id, offset: UInt64(12 + start), crc: UInt32(crc)))
    if type == .tree { trees[id] = Array(bytes) }
    return id
  }

  package func knownTree(_ id: ObjectID) -> [UInt8]? { trees[id] ?? stack.recentTree(id) }

  package func write(_ bytes: [UInt8], type: ObjectType, path: String) throws -> ObjectID {
    let id = try write(bytes, type: type)
    if type == .tree { paths[id] = stack.intern(path) }
    return id
  }

  /// Stores a commit object and returns its id (moving no reference). The name and email may
  /// not hold angle brackets or line breaks, as git requires; times are UTC.
  package func writeCommit(
    tree: ObjectID, parents: [ObjectID], message: String, author: (name: String, email: String), time: Int64
  ) throws -> ObjectID {
    let forbidden: Set<Character> = ["<", ">", "\n", "\0"]
    let name = author.name.trimmingCharacters(in: .whitespaces)
    let email = author.email.trimmingCharacters(in: .whitespaces)
    guard !name.contains(where: forbidden.contains), !email.contains(where: forbidden.contains) else {
      throw GitError(code: -1, message: "the commit author '\(author.name) <\(author.email)>' holds characters git does not allow")
    }
    let signature = "\(name) <\(email)> \(time) +0000"
    var text = "tree \(tree.hex)\n"
    for parent in parents { text += "parent \(parent.hex)\n" }
    text += "author \(signature)\ncommitter \(signature)\n\n\(message)"
    return try write(Array(text.utf8), type: .commit)
  }

  /// Writes the pack and its index into the repository (nothing when no object was written).
  package func finish() throws {
    guard !records.isEmpty else { return }
    if whole {
      try stack.add(objects: objects, trees: trees, paths: paths)
      objects = []
    } else {
      try stack.add(body: body, records: records, trees: trees, paths: paths)
    }
    body = []
    records = []
    trees = [:]
    paths = [:]
  }
}

extension PackFormat {
  /// Appends `bytes` as a zlib stream of stored blocks: what deflate at level 0 makes, without its cost.
  static func appendStored(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
    out += [0x78, 0x01]
    var offset = 0
    repeat {
      let length = min(65535, bytes.count - offset)
      let last: UInt8 = offset + length == bytes.count ? 1 : 0
      let size = UInt16(length)
      out += [last, UInt8(size & 0xFF), UInt8(size >> 8), UInt8(~size & 0xFF), UInt8(~size >> 8)]
      if length > 0 { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length])) }
      offset += length
    } while offset < bytes.count
    let sum = UInt32(adler32(1, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), uInt(bytes.count)))
    out += [UInt8(sum >> 24), UInt8(sum >> 16 & 0xFF), UInt8(sum >> 8 & 0xFF), UInt8(sum & 0xFF)]
  }
}
