import CLibGit2
import PackKit

extension ObjectID {
  /// The id libgit2 holds in `oid`.
  init(_ oid: git_oid) {
    var copy = oid
    self = withUnsafeBytes(of: &copy.id) { ObjectID(raw: $0)! }
  }

  init(_ pointer: UnsafePointer<git_oid>) { self.init(pointer.pointee) }

  /// The id as libgit2 holds it.
  var raw: git_oid {
    var oid = git_oid()
    withUnsafeMutableBytes(of: &oid.id) { raw in
      raw.storeBytes(of: a, toByteOffset: 0, as: UInt64.self)
      raw.storeBytes(of: b, toByteOffset: 8, as: UInt64.self)
      raw.storeBytes(of: c, toByteOffset: 16, as: UInt32.self)
    }
    return oid
  }
}

extension ObjectType {
  /// libgit2's object type.
  var raw: git_object_t {
    switch self {
    case .blob: GIT_OBJECT_BLOB
    case .tree: GIT_OBJECT_TREE
    case .commit: GIT_OBJECT_COMMIT
    }
  }
}
