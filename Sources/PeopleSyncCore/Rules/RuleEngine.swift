/// A tenant's enabled rules, compiled for one plan into flat tables: conditions as nodes,
/// text operands lowercased once into one byte pool, actions as codes. Evaluating a person
/// touches no reference-counted value, so a million people cost little on every core.
public final class RuleEngine: @unchecked Sendable {
  enum Op: UInt8 {
    case all, any, not
    case textEquals, textContains, textPrefix, textEmpty
    case dateEquals, dateEmpty, dateBefore, dateAfter
    case reportsEquals, reportsLess, reportsGreater
    case customLess, customGreater
    case inGroup, noGroups
    case tenureLess, tenureGreater
  }

  /// One condition node. `a`/`b`: children (start, count in `children`), operands (start,
  /// count in `operands`), a group, a date ordinal, or an amount, depending on `op`.
  struct Node {
    var op: Op
    var negated = false
    /// The field read: a standard field's ordinal, `customBase + index`, `roleField` or `sourceField`.
    var field: Int32 = -1
    var a: Int32 = 0
    var b: Int32 = 0
    var number: Double = 0
  }

  struct Operand {
    let start: Int32
    let count: Int32
    let ascii: Bool
    /// The lowercased text, for non-ASCII comparisons.
    let text: String
  }

  enum ActionCode: UInt8 {
    case addToGroup, removeFromGroup, setRole, setField, exclude
  }

  struct CompiledRule {
    let index: Int
    /// The root node, or -1 for a rule without a condition.
    let condition: Int32
    let actions: Range<Int>
  }

  static let customBase: Int32 = 16
  static let roleField: Int32 = 1000
  static let sourceField: Int32 = 1001

  var nodes: [Node] = []
  var children: [Int32] = []
  var operands: [Operand] = []
  var pool: [UInt8] = []
  var actions: [(code: ActionCode, argument: Int32)] = []
  /// The actions as written, aligned with `actions`, for tracing and field values.
  var sourceActions: [RuleAction] = []
  var roles: [String] = []
  var rules: [CompiledRule] = []
  /// Every group a rule names, sorted: a person's groups are indices into this.
  public let groupNames: [String]
  /// True when a condition reads `directReports`: only then does the planner count them.
  public private(set) var usesDirectReports = false
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
    self.asOf = asOf
    let groupIndex = Dictionary(uniqueKeysWithValues: groupNames.enumerated().map { ($1, Int32($0)) })
    for (offset, rule) in enabled {
      let root = rule.condition.map { compile($0, groups: groupIndex) } ?? -1
      let first = actions.count
      for action in rule.actions {
        switch action {
        case .addToGroup(let name): actions.append((.addToGroup, groupIndex[name]!))
        case .removeFromGroup(let name): actions.append((.removeFromGroup, groupIndex[name]!))
        case .setRole(let role):
          if !roles.contains(role) { roles.append(role) }
          actions.append((.setRole, Int32(roles.firstIndex(of: role)!)))
        case .setField: actions.append((.setField, 0))
        case .exclude: actions.append((.exclude, 0))
        }
        sourceActions.append(action)
      }
      rules.append(CompiledRule(index: offset, condition: root, actions: first..<actions.count))
    }
  }

  private func operand(_ text: String) -> Int32 {
    let lowered = text.lowercased()
    let bytes = Array(lowered.utf8)
    operands.append(Operand(start: Int32(pool.count), count: Int32(bytes.count), ascii: bytes.allSatisfy { $0 < 0x80 }, text: lowered))
    pool += bytes
    return Int32(operands.count - 1)
  }

  private static func code(_ field: RuleField) -> Int32 {
    switch field {
    case .standard(let standard): Int32(standard.ordinal)
    case .custom(let index, _): customBase + Int32(index)
    case .role: roleField
    case .source: sourceField
    case .groups, .directReports: -1
    }
  }

  private func add(_ node: Node) -> Int32 {
    nodes.append(node)
    return Int32(nodes.count - 1)
  }

  /// Compiles a condition; returns its node.
  private func compile(_ condition: RuleCondition, groups: [String: Int32]) -> Int32 {
    switch condition {
    case .all(let parts), .any(let parts):
      let compiled = parts.map { compile($0, groups: groups) }
      let start = Int32(children.count)
      children += compiled
      if case .all = condition { return add(Node(op: .all, a: start, b: Int32(compiled.count))) }
      return add(Node(op: .any, a: start, b: Int32(compiled.count)))
    case .not(let part):
      let child = compile(part, groups: groups)
      return add(Node(op: .not, a: child))
    case .tenure(let order, let amount, let unit):
      return add(Node(op: order == .lessThan ? .tenureLess : .tenureGreater, a: unit == .days ? 0 : 1, b: Int32(amount)))
    case .field(let field, let op):
      if field == .directReports { usesDirectReports = true }
      return add(node(field, op, groups: groups))
    }
  }

  private func node(_ field: RuleField, _ op: RuleOperator, groups: [String: Int32]) -> Node {
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
    func day(_ value: RuleValue) -> Int32 { if case .date(let day) = value { day.ordinal } else { Int32.min } }
    let code = Self.code(field)
    switch field.kind {
    case .list:
      switch op {
      case .contains(let name): return Node(op: .inGroup, a: groups[name] ?? -1)
      case .isEmpty(let empty): return Node(op: .noGroups, negated: !empty)
      default: return Node(op: .noGroups, negated: true)
      }
    case .number:
      switch op {
      case .is(let value): return Node(op: .reportsEquals, number: number(value))
      case .isNot(let value): return Node(op: .reportsEquals, negated: true, number: number(value))
      case .lessThan(let value): return Node(op: .reportsLess, number: number(value))
      case .greaterThan(let value): return Node(op: .reportsGreater, number: number(value))
      default: return Node(op: .reportsLess, number: -.infinity)
      }
    case .date:
      switch op {
      case .is(let value): return Node(op: .dateEquals, field: code, a: day(value))
      case .isNot(let value): return Node(op: .dateEquals, negated: true, field: code, a: day(value))
      case .isEmpty(let empty): return Node(op: .dateEmpty, negated: !empty, field: code)
      case .lessThan(let value): return Node(op: .dateBefore, field: code, a: day(value))
      case .greaterThan(let value): return Node(op: .dateAfter, field: code, a: day(value))
      default: return Node(op: .dateEmpty, negated: true, field: code)
      }
    case .text:
      switch op {
      case .is(let value): return Node(op: .textEquals, field: code, a: operand(text(value)), b: 1)
      case .isNot(let value): return Node(op: .textEquals, negated: true, field: code, a: operand(text(value)), b: 1)
      case .oneOf(let values):
        let ids = values.map { operand(text($0)) }
        return Node(op: .textEquals, field: code, a: ids.first ?? 0, b: Int32(ids.count))
      case .contains(let value): return Node(op: .textContains, field: code, a: operand(value))
      case .startsWith(let value): return Node(op: .textPrefix, field: code, a: operand(value))
      case .isEmpty(let empty): return Node(op: .textEmpty, negated: !empty, field: code)
      case .lessThan(let value): return Node(op: .customLess, field: code, number: number(value))
      case .greaterThan(let value): return Node(op: .customGreater, field: code, number: number(value))
      }
    }
  }

  /// Runs the rules in order on one person; with `trace`, records each action that applied.
  public func evaluate(_ subject: RuleSubject, trace: Bool = false) -> RuleOutcome {
    var outcome = RuleOutcome()
    let record = subject.record
    let store = record.store
    let row = store.rows[record.index]
    let width = store.customNames.count
    var location = subject.location ?? ""
    var source = store.source
    location.withUTF8 { location in
      source.withUTF8 { source in
        store.custom.withUnsafeBufferPointer { custom in
          pool.withUnsafeBufferPointer { pool in
            let view = FieldView(
              base: UnsafePointer(store.base), fields: row.fields,
              custom: UnsafeBufferPointer(rebasing: custom[(record.index * width)..<((record.index + 1) * width)]),
              location: location, source: source, keepsManager: subject.keepsManager, hire: row.hire, termination: row.termination)
            for rule in rules {
              if rule.condition >= 0, !holds(rule.condition, view, subject, &outcome, pool) { continue }
              for position in rule.actions {
                let (code, argument) = actions[position]
                switch code {
                case .addToGroup: outcome.groups.insert(Int(argument))
                case .removeFromGroup: outcome.groups.remove(Int(argument))
                case .setRole: outcome.role = roles[Int(argument)]
                case .setField:
                  if case .setField(let field, let value) = sourceActions[position] { outcome.overrides.append((field, value)) }
                case .exclude: outcome.excluded = true
                }
                if trace { outcome.applied.append((rule.index, sourceActions[position])) }
              }
            }
          }
        }
      }
    }
    return outcome
  }

  /// The bytes of a record's fields, found once per person.
  struct FieldView {
    let base: UnsafePointer<UInt8>
    let fields: (TextRange, TextRange, TextRange, TextRange, TextRange, TextRange, TextRange, TextRange, TextRange, TextRange)
    let custom: UnsafeBufferPointer<TextRange>
    let location: UnsafeBufferPointer<UInt8>
    let source: UnsafeBufferPointer<UInt8>
    let keepsManager: Bool
    let hire: Int32
    let termination: Int32

    func bytes(_ range: TextRange) -> UnsafeBufferPointer<UInt8> {
      UnsafeBufferPointer(start: base + Int(range.start), count: Int(range.count))
    }

    func standard(_ ordinal: Int32) -> UnsafeBufferPointer<UInt8> {
      let range = withUnsafeBytes(of: fields) { $0.load(fromByteOffset: Int(ordinal) * MemoryLayout<TextRange>.stride, as: TextRange.self) }
      return bytes(range)
    }
  }

  private func holds(
    _ index: Int32, _ view: FieldView, _ subject: RuleSubject, _ outcome: inout RuleOutcome, _ pool: UnsafeBufferPointer<UInt8>
  ) -> Bool {
    let node = nodes[Int(index)]
    switch node.op {
    case .all:
      for child in node.a..<(node.a + node.b) where !holds(children[Int(child)], view, subject, &outcome, pool) { return false }
      return true
    case .any:
      for child in node.a..<(node.a + node.b) where holds(children[Int(child)], view, subject, &outcome, pool) { return true }
      return false
    case .not: return !holds(node.a, view, subject, &outcome, pool)
    case .inGroup: return node.a >= 0 && outcome.groups.contains(Int(node.a))
    case .noGroups: return outcome.groups.isEmpty != node.negated
    case .reportsEquals: return (Double(subject.directReports) == node.number) != node.negated
    case .reportsLess: return Double(subject.directReports) < node.number
    case .reportsGreater: return Double(subject.directReports) > node.number
    case .tenureLess, .tenureGreater:
      guard view.hire != RecordStore.noDay else { return false }
      let hire = Day(ordinal: view.hire)
      let elapsed = node.a == 0 ? hire.days(until: asOf) : hire.months(until: asOf)
      return node.op == .tenureLess ? elapsed < Int(node.b) : elapsed > Int(node.b)
    case .dateEquals, .dateEmpty, .dateBefore, .dateAfter:
      let value = node.field == Int32(StandardField.hireDate.ordinal) ? view.hire : view.termination
      let present = value != RecordStore.noDay
      switch node.op {
      case .dateEmpty: return !present != node.negated
      case .dateEquals: return present ? (value == node.a) != node.negated : node.negated
      case .dateBefore: return present && value < node.a
      default: return present && value > node.a
      }
    case .customLess, .customGreater:
      return text(node.field, view, outcome) { bytes in
        guard !bytes.isEmpty, let value = Double(String(decoding: bytes, as: UTF8.self)) else { return false }
        return node.op == .customLess ? value < node.number : value > node.number
      }
    case .textEmpty: return text(node.field, view, outcome) { $0.isEmpty != node.negated }
    case .textEquals, .textContains, .textPrefix:
      return text(node.field, view, outcome) { bytes in
        switch node.op {
        case .textContains: return TextMatch.contains(bytes, operands[Int(node.a)], pool)
        case .textPrefix: return TextMatch.hasPrefix(bytes, operands[Int(node.a)], pool)
        default:
          var found = false
          for position in node.a..<(node.a + node.b) where TextMatch.equals(bytes, operands[Int(position)], pool) {
            found = true
            break
          }
          return found != node.negated
        }
      }
    }
  }

  /// The field's current text (a value an earlier rule set wins), lent as bytes.
  private func text<T>(_ field: Int32, _ view: FieldView, _ outcome: RuleOutcome, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
    if !outcome.overrides.isEmpty, let value = outcome.override(Self.ruleField(field, width: view.custom.count)) {
      var text = value ?? ""
      return text.withUTF8(body)
    }
    switch field {
    case Int32(StandardField.location.ordinal): return body(view.location)
    case Int32(StandardField.managerEmail.ordinal):
      return view.keepsManager ? body(view.standard(field)) : body(UnsafeBufferPointer(start: nil, count: 0))
    case 0..<Self.customBase: return body(view.standard(field))
    case Self.roleField:
      var text = outcome.role ?? ""
      return text.withUTF8(body)
    case Self.sourceField: return body(view.source)
    default: return body(view.bytes(view.custom[Int(field - Self.customBase)]))
    }
  }

  /// The rule field a code stands for, to look up a value an earlier rule set.
  static func ruleField(_ code: Int32, width: Int) -> RuleField {
    switch code {
    case 0..<customBase: .standard(StandardField.allCases.first { Int32($0.ordinal) == code }!)
    case roleField: .role
    case sourceField: .source
    default: .custom(Int(code - customBase), "")
    }
  }
}
