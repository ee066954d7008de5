import CLibGit2
import PackKit

/// Computes object ids without storing anything: to learn the tree a plan would produce.
package final class HashingObjectWriter: ObjectWriter {
  package private(set) var objectsWritten = 0

  package init() { _ = GitRuntime.ready }

  package func write(_ bytes: UnsafeRawBufferPointer, type: ObjectType) throws -> ObjectID {
    var oid = git_oid()
    try check(git_odb_hash(&oid, bytes.baseAddress, bytes.count, type.raw), "hashing a \(type) object")
    objectsWritten += 1
    return ObjectID(oid)
  }

  package func finish() throws {}
}
