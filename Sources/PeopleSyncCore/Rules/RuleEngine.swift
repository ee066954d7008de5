/// A person as rules see them: their record, and the values resolved before rules run.
public struct RuleSubject {
  public let record: EmployeeRecord
  /// The configured location, nil when blank or not configured.
  public let location: String?
  /// False when the manager was blanked (not an active person).
  public let keepsManager: Bool
  public let directReports: Int

  public init(record: EmployeeRecord, location: String?, keepsManager: Bool, directReports: Int = 0) {
    self.record = record
    self.location = location
    self.keepsManager = keepsManager
    self.directReports = directReports
  }
}

/// The groups of one person, as bits over the engine's sorted group names.
public struct GroupSet: Equatable, Sendable {
  private var low: UInt64 = 0
  private var high: [UInt64] = []

  public init() {}

  public mutating func insert(_ index: Int) {
    if index < 64 { low |= 1 << UInt64(index) } else { setHigh(index, true) }
  }

  public mutating func remove(_ index: Int) {
    if index < 64 { low &= ~(1 << UInt64(index)) } else { setHigh(index, false) }
  }

  private mutating func setHigh(_ index: Int, _ on: Bool) {
    let word = index / 64 - 1
    while high.count <= word { high.append(0) }
    if on { high[word] |= 1 << UInt64(index % 64) } else { high[word] &= ~(1 << UInt64(index % 64)) }
  }

  public func contains(_ index: Int) -> Bool {
    if index < 64 { return low & (1 << UInt64(index)) != 0 }
    let word = index / 64 - 1
    return word < high.count && high[word] & (1 << UInt64(index % 64)) != 0
  }

  public var isEmpty: Bool { low == 0 && high.allSatisfy { $0 == 0 } }

  /// The member indices, ascending.
  public func forEach(_ body: (Int) -> Void) {
    var bits = low
    while bits != 0 {
      body(bits.trailingZeroBitCount)
      bits &= bits - 1
    }
    for (word, value) in high.enumerated() {
      var bits = value
      while bits != 0 {
        body((word + 1) * 64 + bits.trailingZeroBitCount)
        bits &= bits - 1
      }
    }
  }
}

/// What the rules decided for one person.
public struct RuleOutcome: Sendable {
  public var role: String?
  public var groups = GroupSet()
  /// Fields rules set, in the order they were set (a later one wins).
  public var overrides: [(field: RuleField, value: String?)] = []
  public var excluded = false
  /// With tracing on: every action that applied, with the index of its rule in the configuration.
  public var applied: [(rule: Int, action: RuleAction)] = []

  public init() {}

  /// Writes the role, the groups and the fields rules set into `fields`.
  public func apply(to fields: inout PersonFields, groupNames: [String]) {
    fields.role = role
    var names: [String] = []
    groups.forEach { names.append(groupNames[$0]) }
    fields.groups = names
    for (field, value) in overrides {
      let value = value.flatMap { $0.isEmpty ? nil : $0 }
      switch field {
      case .standard(.fullName): if let value { fields.fullName = value }
      case .standard(.department): fields.department = value
      case .standard(.title): fields.title = value
      case .standard(.location): fields.location = value
      case .standard(.managerEmail): fields.managerEmail = value
      case .standard(.pictureUrl): fields.pictureUrl = value
      case .custom(let index, _): fields.custom = fields.custom.setting(index, value)
      default: break
      }
    }
  }

  /// The value a rule set for `field`, if one did (a nil inside means cleared).
  public func override(_ field: RuleField) -> String?? {
    for item in overrides.reversed() where item.field == field { return .some(item.value) }
    return nil
  }
}

/// A tenant's enabled rules, compiled for one plan: text operands lowercased once, group
/// names indexed. Read-only, so a million people can be evaluated on every core.
public struct RuleEngine: @unchecked Sendable {
  struct Compiled {
    let index: Int
    let condition: Check?
    /// Each action with the index of the group it names, found once.
    let actions: [(action: RuleAction, group: Int)]
  }

  indirect enum Check {
    case all([Check])
    case any([Check])
    case not(Check)
    case text(RuleField, TextTest)
    case date(StandardField, DateTest)
    case number(NumberTest)
    case customNumber(Int, NumberTest)
    case inGroup(Int?)
    case noGroups(Bool)
    case tenure(RuleOrder, Int, TenureUnit)
  }

  enum TextTest {
    case equals([Operand], negated: Bool)
    case contains(Operand)
    case startsWith(Operand)
    case isEmpty(Bool)
  }

  enum DateTest {
    case equals(Day, negated: Bool)
    case isEmpty(Bool)
    case before(Day)
    case after(Day)
  }

  enum NumberTest {
    case equals(Double, negated: Bool)
    case less(Double)
    case greater(Double)
  }

  /// A text operand, lowercased once.
  struct Operand {
    let text: String
    let bytes: [UInt8]
    let ascii: Bool

    init(_ value: String) {
      text = value.lowercased()
      bytes = Array(text.utf8)
      ascii = bytes.allSatisfy { $0 < 0x80 }
    }
  }

  let rules: [Compiled]
  /// Every group a rule names, sorted: a person's groups are indices into this.
  public let groupNames: [String]
  public let usesDirectReports: Bool
  let asOf: Day

  /// Nil when the tenant has no enabled rule.
  public init?(_ config: TenantConfig, asOf: Day) {
    let enabled = config.rules.enumerated().filter { $0.element.enabled }
    guard !enabled.isEmpty else { return nil }
    var names = Set<String>()
    for (_, rule) in enabled {
      for action in rule.actions {
        switch action {
        case .addToGroup(let name), .removeFromGroup(let name): names.insert(name)
        default: break
        }
      }
    }
    groupNames = names.sorted()
    let index = Dictionary(uniqueKeysWithValues: groupNames.enumerated().map { ($1, $0) })
    var direct = false
    func compile(_ condition: RuleCondition) -> Check {
      switch condition {
      case .all(let parts): return .all(parts.map(compile))
      case .any(let parts): return .any(parts.map(compile))
      case .not(let part): return .not(compile(part))
      case .tenure(let order, let amount, let unit): return .tenure(order, amount, unit)
      case .field(let field, let op):
        if field == .directReports { direct = true }
        return Self.check(field, op, groups: index)
      }
    }
    rules = enabled.map { rule in
      let actions = rule.element.actions.map { action -> (RuleAction, Int) in
        switch action {
        case .addToGroup(let name), .removeFromGroup(let name): (action, index[name]!)
        default: (action, -1)
        }
      }
      return Compiled(index: rule.offset, condition: rule.element.condition.map(compile), actions: actions)
    }
    usesDirectReports = direct
    self.asOf = asOf
  }

  static func check(_ field: RuleField, _ op: RuleOperator, groups: [String: Int]) -> Check {
    func text(_ value: RuleValue) -> String {
      switch value {
      case .text(let text): text
      case .date(let day): day.description
      case .number(let number): number.rounded() == number ? String(Int(number)) : String(number)
      }
    }
    func number(_ value: RuleValue) -> Double {
      if case .number(let number) = value { return number }
      return Double(text(value)) ?? .nan
    }
    switch field.kind {
    case .list:
      switch op {
      case .contains(let name): return .inGroup(groups[name])
      case .isEmpty(let empty): return .noGroups(empty)
      default: return .noGroups(false)
      }
    case .number:
      switch op {
      case .is(let value): return .number(.equals(number(value), negated: false))
      case .isNot(let value): return .number(.equals(number(value), negated: true))
      case .lessThan(let value): return .number(.less(number(value)))
      default:
        if case .greaterThan(let value) = op { return .number(.greater(number(value))) }
        return .number(.less(-.infinity))
      }
    case .date:
      guard case .standard(let standard) = field else { return .noGroups(false) }
      func day(_ value: RuleValue) -> Day { if case .date(let day) = value { day } else { Day(ordinal: 0) } }
      switch op {
      case .is(let value): return .date(standard, .equals(day(value), negated: false))
      case .isNot(let value): return .date(standard, .equals(day(value), negated: true))
      case .isEmpty(let empty): return .date(standard, .isEmpty(empty))
      case .lessThan(let value): return .date(standard, .before(day(value)))
      case .greaterThan(let value): return .date(standard, .after(day(value)))
      default: return .date(standard, .isEmpty(false))
      }
    case .text:
      switch op {
      case .is(let value): return .text(field, .equals([Operand(text(value))], negated: false))
      case .isNot(let value): return .text(field, .equals([Operand(text(value))], negated: true))
      case .oneOf(let values): return .text(field, .equals(values.map { Operand(text($0)) }, negated: false))
      case .contains(let value): return .text(field, .contains(Operand(value)))
      case .startsWith(let value): return .text(field, .startsWith(Operand(value)))
      case .isEmpty(let empty): return .text(field, .isEmpty(empty))
      case .lessThan(let value):
        if case .custom(let index, _) = field { return .customNumber(index, .less(number(value))) }
        return .text(field, .isEmpty(false))
      case .greaterThan(let value):
        if case .custom(let index, _) = field { return .customNumber(index, .greater(number(value))) }
        return .text(field, .isEmpty(false))
      }
    }
  }

  /// Runs the rules in order on one person; with `trace`, records each action that applied.
  public func evaluate(_ subject: RuleSubject, trace: Bool = false) -> RuleOutcome {
    var outcome = RuleOutcome()
    for rule in rules {
      if let condition = rule.condition, !holds(condition, subject, outcome) { continue }
      for (action, group) in rule.actions {
        switch action {
        case .addToGroup: outcome.groups.insert(group)
        case .removeFromGroup: outcome.groups.remove(group)
        case .setRole(let role): outcome.role = role
        case .setField(let field, let value): outcome.overrides.append((field, value))
        case .exclude: outcome.excluded = true
        }
        if trace { outcome.applied.append((rule.index, action)) }
      }
    }
    return outcome
  }

  func holds(_ check: Check, _ subject: RuleSubject, _ outcome: RuleOutcome) -> Bool {
    switch check {
    case .all(let parts): return parts.allSatisfy { holds($0, subject, outcome) }
    case .any(let parts): return parts.contains { holds($0, subject, outcome) }
    case .not(let part): return !holds(part, subject, outcome)
    case .inGroup(let index): return index.map(outcome.groups.contains) ?? false
    case .noGroups(let empty): return outcome.groups.isEmpty == empty
    case .number(let test): return Self.compare(Double(subject.directReports), test)
    case .customNumber(let index, let test):
      return withText(.custom(index, ""), subject, outcome) { bytes in
        guard !bytes.isEmpty, let value = Double(String(decoding: bytes, as: UTF8.self)) else { return false }
        return Self.compare(value, test)
      }
    case .date(let field, let test):
      let value = field == .hireDate ? subject.record.hireDate : subject.record.terminationDate
      switch test {
      case .isEmpty(let empty): return (value == nil) == empty
      case .equals(let day, let negated): return value.map { ($0 == day) != negated } ?? negated
      case .before(let day): return value.map { $0 < day } ?? false
      case .after(let day): return value.map { $0 > day } ?? false
      }
    case .tenure(let order, let amount, let unit):
      guard let hire = subject.record.hireDate else { return false }
      let elapsed = unit == .days ? hire.days(until: asOf) : hire.months(until: asOf)
      return order == .lessThan ? elapsed < amount : elapsed > amount
    case .text(let field, let test):
      return withText(field, subject, outcome) { bytes in
        switch test {
        case .isEmpty(let empty): return bytes.isEmpty == empty
        case .equals(let operands, let negated): return operands.contains { TextMatch.equals(bytes, $0) } != negated
        case .contains(let operand): return TextMatch.contains(bytes, operand)
        case .startsWith(let operand): return TextMatch.hasPrefix(bytes, operand)
        }
      }
    }
  }

  static func compare(_ value: Double, _ test: NumberTest) -> Bool {
    switch test {
    case .equals(let other, let negated): (value == other) != negated
    case .less(let other): value < other
    case .greater(let other): value > other
    }
  }

  /// The field's current text (a value an earlier rule set wins), lent as bytes.
  func withText<T>(_ field: RuleField, _ subject: RuleSubject, _ outcome: RuleOutcome, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
    if !outcome.overrides.isEmpty, let value = outcome.override(field) {
      var text = value ?? ""
      return text.withUTF8(body)
    }
    let record = subject.record
    switch field {
    case .standard(.location):
      var text = subject.location ?? ""
      return text.withUTF8(body)
    case .standard(.managerEmail):
      return subject.keepsManager ? body(record.bytes(.managerEmail)) : body(UnsafeBufferPointer(start: nil, count: 0))
    case .standard(let standard): return body(record.bytes(standard))
    case .custom(let index, _): return body(record.store.bytes(record.customRanges[record.customRanges.startIndex + index]))
    case .role:
      var text = outcome.role ?? ""
      return text.withUTF8(body)
    case .source:
      var text = record.source
      return text.withUTF8(body)
    case .groups, .directReports:
      return body(UnsafeBufferPointer(start: nil, count: 0))
    }
  }
}

/// Case-insensitive comparisons of field bytes with a lowercased operand; ASCII folds in
/// place, anything else goes through Unicode lowercasing.
enum TextMatch {
  static func fold(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte | 0x20 : byte }

  static func lowered(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] { Array(String(decoding: bytes, as: UTF8.self).lowercased().utf8) }

  static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { !bytes.contains { $0 >= 0x80 } }

  static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ operand: RuleEngine.Operand) -> Bool {
    guard operand.ascii && isASCII(bytes) else { return lowered(bytes) == operand.bytes }
    guard bytes.count == operand.bytes.count else { return false }
    for index in 0..<bytes.count where fold(bytes[index]) != operand.bytes[index] { return false }
    return true
  }

  static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ operand: RuleEngine.Operand) -> Bool {
    guard operand.ascii && isASCII(bytes) else { return lowered(bytes).starts(with: operand.bytes) }
    guard bytes.count >= operand.bytes.count else { return false }
    for index in 0..<operand.bytes.count where fold(bytes[index]) != operand.bytes[index] { return false }
    return true
  }

  static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ operand: RuleEngine.Operand) -> Bool {
    let needle = operand.bytes
    guard !needle.isEmpty else { return true }
    guard operand.ascii && isASCII(bytes) else {
      let haystack = lowered(bytes)
      return haystack.count >= needle.count
        && (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
    guard bytes.count >= needle.count else { return false }
    outer: for start in 0...(bytes.count - needle.count) {
      for offset in 0..<needle.count where fold(bytes[start + offset]) != needle[offset] { continue outer }
      return true
    }
    return false
  }
}
