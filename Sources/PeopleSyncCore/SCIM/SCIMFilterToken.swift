/// A token of a filter, with the 1-based column where it starts.
struct SCIMFilterToken: Equatable {
  enum Kind: Equatable {
    case word(String)
    case string(String)
    case open, close, openBracket, closeBracket
  }

  var kind: Kind
  var column: Int

  var text: String {
    switch kind {
    case .word(let word): word
    case .string(let string): "\"\(string)\""
    case .open: "("
    case .close: ")"
    case .openBracket: "["
    case .closeBracket: "]"
    }
  }
}
