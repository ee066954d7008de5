/// Splits a filter into words, string literals and brackets.
enum SCIMFilterLexer {
  static func tokens(of text: String) throws(SCIMError) -> [SCIMFilterToken] {
    let scalars = Array(text.unicodeScalars)
    var tokens: [SCIMFilterToken] = []
    var position = 0
    while position < scalars.count {
      let scalar = scalars[position]
      let column = position + 1
      switch scalar {
      case " ", "\t", "\n", "\r": position += 1
      case "(": tokens.append(.init(kind: .open, column: column)); position += 1
      case ")": tokens.append(.init(kind: .close, column: column)); position += 1
      case "[": tokens.append(.init(kind: .openBracket, column: column)); position += 1
      case "]": tokens.append(.init(kind: .closeBracket, column: column)); position += 1
      case "\"":
        var end = position + 1
        while end < scalars.count, scalars[end] != "\"" { end += scalars[end] == "\\" ? 2 : 1 }
        guard end < scalars.count else { throw .invalidFilter("the string at column \(column) is never closed") }
        var literal = String.UnicodeScalarView()
        literal.append(contentsOf: scalars[position...end])
        // A filter string is a JSON string (RFC 7644 §3.4.2.2), so the JSON parser decodes its escapes.
        guard case .string(let value)? = try? JSONParser.parse(String(literal)) else {
          throw .invalidFilter("the string at column \(column) has an invalid escape")
        }
        tokens.append(.init(kind: .string(value), column: column))
        position = end + 1
      default:
        var end = position
        while end < scalars.count, !" \t\n\r()[]\"".unicodeScalars.contains(scalars[end]) { end += 1 }
        var word = String.UnicodeScalarView()
        word.append(contentsOf: scalars[position..<end])
        tokens.append(.init(kind: .word(String(word)), column: column))
        position = end
      }
    }
    return tokens
  }
}
