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
public final class BatchPackWriter: ObjectWriter {
  private let stack: PackStack
  private var body: [UInt8] = []
  private var records: [PackFormat.Record] = []
  private var seen: Set<ObjectID> = []
  private var trees: [ObjectID: [UInt8]] = [:]
  private var paths: [ObjectID: Int32] = [:]

  public var objectsWritten: Int { records.count }

  /// A writer whose pack goes to `stack`'s repository when finished.
  public init(stack: PackStack) {
    self.stack = stack
    body.reserveCapacity(64 << 10)
  }

  public func write(_ bytes: UnsafeRawBufferPointer, type: ObjectType) throws -> ObjectID {
    let id = ObjectID.hash(bytes, type: type)
    guard seen.insert(id).inserted else { return id }
    let start = body.count
    body += PackFormat.entryHeader(type: type, size: bytes.count)
    PackFormat.appendStored(bytes, to: &body)
    let crc = body.withUnsafeBufferPointer { crc32(0, $0.baseAddress! + start, uInt($0.count - start)) }
    records.append(PackFormat.Record(id: id, offset: UInt64(12 + start), crc: UInt32(crc)))
    if type == .tree { trees[id] = Array(bytes) }
    return id
  }

  public func knownTree(_ id: ObjectID) -> [UInt8]? { trees[id] ?? stack.recentTree(id) }

  public func write(_ bytes: [UInt8], type: ObjectType, path: String) throws -> ObjectID {
    let id = try write(bytes, type: type)
    if type == .tree { paths[id] = stack.intern(path) }
    return id
  }

  /// Stores a commit object and returns its id (moving no reference). The name and email may
  /// not hold angle brackets or line breaks, as git requires; times are UTC.
  public func writeCommit(
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
  public func finish() throws {
    guard !records.isEmpty else { return }
    try stack.add(body: body, records: records, trees: trees, paths: paths)
    body = []
    records = []
    trees = [:]
    paths = [:]
  }
}
