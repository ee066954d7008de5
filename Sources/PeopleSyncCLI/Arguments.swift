/// One option a command accepts.
package struct OptionSpec: Sendable {
  package let name: String
  /// The placeholder for its value (`PATH`), nil for a flag.
  package let value: String?
  /// The value may be left out (`--push` or `--push REMOTE`): the option is then also a flag.
  package let valueIsOptional: Bool
  package let help: String

  package init(_ name: String, value: String? = nil, optional: Bool = false, help: String) {
    self.name = name
    self.value = value
    valueIsOptional = optional && value != nil
    self.help = help
  }

  /// How help shows it: `--repo PATH`, `--push [REMOTE]`, `--quiet`.
  package var synopsis: String {
    guard let value else { return "--\(name)" }
    return valueIsOptional ? "--\(name) [\(value)]" : "--\(name) \(value)"
  }
}

/// A command line split into positionals, options with values, and flags.
package struct Arguments: Equatable, Sendable {
  package var positionals: [String] = []
  package var values: [String: String] = [:]
  package var flags: Set<String> = []

  /// Splits `words` according to `specs`: `--name value`, `--name=value`, `--flag`, and `--` ending options.
  /// An option whose value is optional is a flag, with a value when one follows.
  package static func parse(_ words: [String], specs: [OptionSpec]) throws(UsageError) -> Arguments {
    var result = Arguments()
    let byName = Dictionary(uniqueKeysWithValues: specs.map { ($0.name, $0) })
    var index = 0
    var onlyPositionals = false
    while index < words.count {
      let word = words[index]
      index += 1
      if onlyPositionals || !word.hasPrefix("-") || word == "-" {
        result.positionals.append(word)
        continue
      }
      if word == "--" {
        onlyPositionals = true
        continue
      }
      guard word.hasPrefix("--") else {
        if word == "-h" {
          result.flags.insert("help")
          continue
        }
        throw UsageError("unknown option '\(word)'")
      }
      var name = String(word.dropFirst(2))
      var inline: String?
      if let equals = name.firstIndex(of: "=") {
        inline = String(name[name.index(after: equals)...])
        name = String(name[..<equals])
      }
      guard let spec = byName[name] else {
        let close = specs.map(\.name).filter { $0.hasPrefix(String(name.prefix(3))) }
        throw UsageError("unknown option '--\(name)'" + (close.isEmpty ? "" : " (did you mean --\(close[0])?)"))
      }
      if spec.value == nil {
        guard inline == nil else { throw UsageError("--\(name) takes no value") }
        result.flags.insert(name)
        continue
      }
      if spec.valueIsOptional {
        result.flags.insert(name)
        // The next word is the value unless it is an option: these commands take no positionals.
        if let inline {
          result.values[name] = inline
        } else if index < words.count, !words[index].hasPrefix("-") {
          result.values[name] = words[index]
          index += 1
        }
        continue
      }
      if let inline {
        result.values[name] = inline
      } else {
        guard index < words.count else { throw UsageError("--\(name) needs a value (\(spec.value!))") }
        result.values[name] = words[index]
        index += 1
      }
    }
    return result
  }

  package func value(_ name: String) -> String? { values[name] }
  package func flag(_ name: String) -> Bool { flags.contains(name) }
}

/// A command line that cannot be understood.
package struct UsageError: Error, Equatable, CustomStringConvertible, Sendable {
  package let message: String
  package init(_ message: String) { self.message = message }
  package var description: String { message }
}
