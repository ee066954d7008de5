/// The order of a tree's entries, which git checks (`git fsck --strict`) and which deltas between
/// versions of a tree walk.
public enum TreeOrder {
  /// Whether `a` comes before `b` in a tree: byte order, as if folder names ended in "/" (git's
  /// `base_name_compare`).
  public static func precedes<A: Collection<UInt8>, B: Collection<UInt8>>(_ a: A, _ aIsTree: Bool, _ b: B, _ bIsTree: Bool) -> Bool {
    var i = a.startIndex
    var j = b.startIndex
    while i != a.endIndex && j != b.endIndex {
      if a[i] != b[j] { return a[i] < b[j] }
      a.formIndex(after: &i)
      b.formIndex(after: &j)
    }
    let x: UInt8 = i != a.endIndex ? a[i] : (aIsTree ? 0x2F : 0)
    let y: UInt8 = j != b.endIndex ? b[j] : (bIsTree ? 0x2F : 0)
    return x < y
  }
}
