/// A recursive-descent parser: `or` binds loosest, then `and`, then `not`.
struct SCIMFilterParser {
  let tokens: [SCIMFilterToken]
  let insideValuePath: Bool
  var position = 0
  var depth = 0

  init(tokens: [SCIMFilterToken], insideValuePath: Bool) {
    self.tokens = tokens
    self.insideValuePath = insideValuePath
  }

  mutating func parseFilter() throws(SCIMError) -> SCIMFilter {
    guard !tokens.isEmpty else { throw .invalidFilter("the filter is empty") }
    let filter = try parseOr()
    if position < tokens.count {
      throw .invalidFilter("unexpected '\(tokens[position].text.prefix(40))' at column \(tokens[position].column)")
    }
    return filter
  }

  private var current: SCIMFilterToken? { position < tokens.count ? tokens[position] : nil }

  private var endColumn: Int { tokens.last.map { $0.column + $0.text.unicodeScalars.count } ?? 1 }

  private func isKeyword(_ keyword: String) -> Bool {
    if case .word(let word)? = current?.kind { return word.lowercased() == keyword }
    return false
  }

  private mutating func enter() throws(SCIMError) {
    depth += 1
    if depth > SCIMFilter.maximumDepth {
      throw .invalidFilter("the filter nests deeper than \(SCIMFilter.maximumDepth) levels at column \(current?.column ?? endColumn)")
    }
  }

  private mutating func expect(_ kind: SCIMFilterToken.Kind, _ what: String) throws(SCIMError) {
    guard let token = current else { throw .invalidFilter("expected \(what) at the end of the filter (column \(endColumn))") }
    guard token.kind == kind else { throw .invalidFilter("expected \(what) at column \(token.column), found '\(token.text.prefix(40))'") }
    position += 1
  }

  private mutating func parseOr() throws(SCIMError) -> SCIMFilter {
    var operands = [try parseAnd()]
    while isKeyword("or") {
      position += 1
      operands.append(try parseAnd())
    }
    return operands.count == 1 ? operands[0] : .or(operands)
  }

  private mutating func parseAnd() throws(SCIMError) -> SCIMFilter {
    var operands = [try parseUnary()]
    while isKeyword("and") {
      position += 1
      operands.append(try parseUnary())
    }
    return operands.count == 1 ? operands[0] : .and(operands)
  }

  private mutating func parseUnary() throws(SCIMError) -> SCIMFilter {
    guard let token = current else { throw .invalidFilter("expected an expression at the end of the filter (column \(endColumn))") }
    if isKeyword("not") {
      position += 1
      try enter()
      defer { depth -= 1 }
      try expect(.open, "'(' after 'not'")
      let inner = try parseOr()
      try expect(.close, "')'")
      return .not(inner)
    }
    if token.kind == .open {
      position += 1
      try enter()
      defer { depth -= 1 }
      let inner = try parseOr()
      try expect(.close, "')'")
      return inner
    }
    return try parseAttributeExpression()
  }

  private mutating func parseAttributeExpression() throws(SCIMError) -> SCIMFilter {
    guard let token = current, case .word(let word) = token.kind else {
      let found = current.map { "'\($0.text.prefix(40))' at column \($0.column)" } ?? "the end of the filter"
      throw .invalidFilter("expected an attribute name, found \(found)")
    }
    guard let path = SCIMAttributePath(parsing: word) else {
      throw .invalidFilter("'\(word.prefix(60))' at column \(token.column) is not an attribute name")
    }
    position += 1
    guard current?.kind == .openBracket else { return try parseCondition(on: path) }

    if insideValuePath { throw .invalidFilter("a value path cannot nest inside another, at column \(current?.column ?? endColumn)") }
    guard path.subAttribute == nil else {
      throw .invalidFilter("'[' at column \(current?.column ?? endColumn) must follow an attribute, not a sub-attribute")
    }
    position += 1
    try enter()
    var inner = SCIMFilterParser(tokens: tokens, insideValuePath: true)
    inner.position = position
    inner.depth = depth
    let selection = try inner.parseOr()
    position = inner.position
    depth -= 1
    try expect(.closeBracket, "']'")
    // `emails[type eq "work"].value eq "x"`: a sub-attribute condition after the brackets.
    if case .word(let next)? = current?.kind, next.hasPrefix(".") {
      let column = current?.column ?? endColumn
      guard SCIMAttributePath.isAttributeName(next.dropFirst()) else {
        throw .invalidFilter("'\(next.prefix(60))' at column \(column) is not a sub-attribute")
      }
      position += 1
      let condition = try parseCondition(on: SCIMAttributePath(name: String(next.dropFirst())))
      return .valuePath(path, .and([selection, condition]))
    }
    return .valuePath(path, selection)
  }

  private mutating func parseCondition(on path: SCIMAttributePath) throws(SCIMError) -> SCIMFilter {
    guard let token = current, case .word(let word) = token.kind else {
      throw .invalidFilter("expected an operator after '\(path)' at column \(current?.column ?? endColumn)")
    }
    position += 1
    let name = word.lowercased()
    if name == "pr" { return .present(path) }
    guard let op = SCIMFilter.Operator(rawValue: name) else {
      throw .invalidFilter("'\(word.prefix(40))' at column \(token.column) is not an operator (eq ne co sw ew gt ge lt le pr)")
    }
    return .compare(path, op, try parseValue(after: op))
  }

  private mutating func parseValue(after op: SCIMFilter.Operator) throws(SCIMError) -> JSONValue {
    guard let token = current else { throw .invalidFilter("expected a value after '\(op.rawValue)' at the end of the filter") }
    position += 1
    switch token.kind {
    case .string(let string): return .string(string)
    case .word(let word):
      switch word.lowercased() {
      case "true": return .bool(true)
      case "false": return .bool(false)
      case "null": return .null
      default:
        if case .number? = try? JSONParser.parse(word) { return .number(word) }
      }
    default: break
    }
    throw .invalidFilter(
      "'\(token.text.prefix(40))' at column \(token.column) is not a value (a quoted string, number, true, false or null)")
  }
}
