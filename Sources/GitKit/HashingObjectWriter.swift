import CLibGit2
import PackKit

/// Computes object ids without storing anything: to learn the tree a plan would produce.
public final class HashingObjectWriter: ObjectWriter {
  public private(set) var objectsWritten = 0

  public init() { _ = GitRuntime.ready }

  public func write(_ bytes: UnsafeRawBufferPointer, type: ObjectType) throws -> ObjectID {
    var oid = git_oid()
    try check(git_odb_hash(&oid, bytes.baseAddress, bytes.count, type.raw), "hashing a \(type) object")
    objectsWritten += 1
    return ObjectID(oid)
  }

  public func finish() throws {}
}
