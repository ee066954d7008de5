/// The lenient readings real clients need: Entra and OneLogin send booleans as strings.
enum SCIMValueCoercion {
  /// A boolean, or the strings "true" and "false" in any case.
  static func bool(_ value: JSONValue) -> Bool? {
    switch value {
    case .bool(let bool): bool
    case .string(let string):
      switch string.lowercased() {
      case "true": true
      case "false": false
      default: nil
      }
    default: nil
    }
  }
}
