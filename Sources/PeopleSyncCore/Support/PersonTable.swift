/// A hash table keyed by person id, for the million-entry maps of a sync.
///
/// Person ids are already uniform 64-bit hashes, so their low bits index the table
/// directly (open addressing, linear probing): no hashing per lookup, and key and
/// value side by side, so a lookup touches one cache line where `Dictionary` would
/// also run SipHash.
@frozen
public struct PersonTable<Value> {
  @usableFromInline
  struct Slot {
    @usableFromInline var key: UInt64
    /// Nil marks an empty slot.
    @usableFromInline var value: Value?

    @inlinable init(key: UInt64, value: Value?) {
      self.key = key
      self.value = value
    }
  }

  @usableFromInline var slots: [Slot]
  @usableFromInline var mask: Int
  @usableFromInline var stored = 0

  /// The number of entries.
  public var count: Int { stored }

  /// A table that holds `capacity` entries without growing.
  @inlinable
  public init(capacity: Int = 16) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = [Slot](repeating: Slot(key: 0, value: nil), count: size)
    mask = size - 1
  }

  @inlinable @inline(__always)
  func slot(of id: PersonID) -> (index: Int, found: Bool) {
    var index = Int(truncatingIfNeeded: id.value) & mask
    while slots[index].value != nil {
      if slots[index].key == id.value { return (index, true) }
      index = (index + 1) & mask
    }
    return (index, false)
  }

  /// The value stored for `id`; setting nil removes it.
  @inlinable
  public subscript(id: PersonID) -> Value? {
    get {
      let (index, found) = slot(of: id)
      return found ? slots[index].value : nil
    }
    set {
      guard let newValue else {
        remove(id)
        return
      }
      if (stored + 1) * 2 > slots.count { grow() }
      let (index, found) = slot(of: id)
      if !found {
        slots[index].key = id.value
        stored += 1
      }
      slots[index].value = newValue
    }
  }

  /// Stores `value` unless `id` is present; returns the value already there, if any. One probe.
  @inlinable @discardableResult
  public mutating func insertIfAbsent(_ id: PersonID, _ value: Value) -> Value? {
    if (stored + 1) * 2 > slots.count { grow() }
    let (index, found) = slot(of: id)
    if found { return slots[index].value }
    slots[index].key = id.value
    slots[index].value = value
    stored += 1
    return nil
  }

  /// True when a value is stored for `id`.
  @inlinable
  public func contains(_ id: PersonID) -> Bool { slot(of: id).found }

  /// Removes `id`, shifting later entries of its probe run back so lookups stay correct.
  public mutating func remove(_ id: PersonID) {
    var (hole, found) = slot(of: id)
    guard found else { return }
    slots[hole].value = nil
    stored -= 1
    var next = (hole + 1) & mask
    while slots[next].value != nil {
      let home = Int(truncatingIfNeeded: slots[next].key) & mask
      // Move the entry back unless its home lies cyclically in (hole, next].
      let between = hole <= next ? (home > hole && home <= next) : (home > hole || home <= next)
      if !between {
        slots[hole] = slots[next]
        slots[next].value = nil
        hole = next
      }
      next = (next + 1) & mask
    }
  }

  /// Every entry, in table order (not sorted).
  @inlinable
  public func forEach(_ body: (PersonID, Value) throws -> Void) rethrows {
    for slot in slots { if let value = slot.value { try body(PersonID(slot.key), value) } }
  }

  @usableFromInline
  mutating func grow() {
    var bigger = PersonTable(capacity: slots.count)
    forEach { bigger[$0] = $1 }
    self = bigger
  }
}
