/// A person's custom field values.
///
/// Names and values are arrays shared with the configuration and the source record,
/// so a million people cost no allocation here; `order` lists the names sorted, the
/// order the entry file uses.
public struct CustomFields: Equatable, Sendable, ExpressibleByDictionaryLiteral {
  let names: [String]
  let values: [String?]
  let order: [Int]

  /// Values aligned with `names`; `order` is `names`' indices sorted by name.
  public init(names: [String], values: [String?], order: [Int]) {
    self.names = names
    self.values = values
    self.order = order
  }

  /// Values by name, the names sorted.
  public init(_ dictionary: [String: String]) {
    names = dictionary.keys.sorted()
    values = names.map { dictionary[$0] }
    order = Array(names.indices)
  }

  /// `["Cost Center": "CC-1"]`; a name given twice keeps its last value.
  public init(dictionaryLiteral elements: (String, String)...) {
    self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
  }

  /// The indices of `names` sorted by name, computed once per configuration.
  public static func sortedOrder(_ names: [String]) -> [Int] { names.indices.sorted { names[$0] < names[$1] } }

  /// The fields with a value, sorted by name.
  public var sorted: [(name: String, value: String)] {
    order.compactMap { index in values[index].map { (names[index], $0) } }
  }

  /// True when no field has a value.
  public var isEmpty: Bool { values.allSatisfy { $0 == nil } }

  /// The same fields with the one at `index` (of `names`) set or cleared.
  func setting(_ index: Int, _ value: String?) -> CustomFields {
    var values = values
    values[index] = value
    return CustomFields(names: names, values: values, order: order)
  }

  /// The value of the field with this name; nil when it has none or is not kept.
  public subscript(name: String) -> String? {
    guard let index = names.firstIndex(of: name) else { return nil }
    return values[index]
  }

  /// Equal when the same names have the same values, whatever the arrays behind them.
  public static func == (lhs: CustomFields, rhs: CustomFields) -> Bool {
    lhs.sorted.elementsEqual(rhs.sorted) { $0.name == $1.name && $0.value == $1.value }
  }
}
