/// Reading `rules`: every problem reported with its JSON path, like the rest of the configuration.
extension ConfigReader {
  /// Group and role names: they name files and appear in plans.
  static func isValidGroupName(_ name: String) -> Bool {
    let bytes = Array(name.utf8)
    guard (1...63).contains(bytes.count), isLowerAlnum(bytes[0]) else { return false }
    return bytes.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
  }

  mutating func rules(_ value: JSONValue, customFields: [String], locations: [String]) -> [Rule] {
    guard let items = value.arrayValue else {
      fail("$.rules", "config.type", "expected an array, found \(value.typeName)")
      return []
    }
    var rules: [Rule] = []
    var names: [String: Int] = [:]
    for (index, item) in items.enumerated() {
      let path = "$.rules[\(index)]"
      guard let object = object(item, path, required: ["name", "then"], allowed: ["name", "enabled", "when", "then"]) else { continue }
      let name = string(object["name"], "\(path).name")
      if let name {
        if let first = names[name.lowercased()] {
          fail("\(path).name", "config.duplicate", "rule name '\(name)' repeats $.rules[\(first)] (names compare case-insensitively)")
        } else {
          names[name.lowercased()] = index
        }
      }
      var enabled = true
      if let flag = object["enabled"] {
        if let value = flag.boolValue {
          enabled = value
        } else {
          fail("\(path).enabled", "config.type", "expected a boolean, found \(flag.typeName)")
        }
      }
      var when: RuleCondition?
      if let raw = object["when"] { when = condition(raw, "\(path).when", customFields: customFields) }
      var actions: [RuleAction] = []
      if let list = object["then"] {
        if let entries = list.arrayValue {
          if entries.isEmpty { fail("\(path).then", "config.empty", "a rule needs at least one action") }
          for (offset, entry) in entries.enumerated() {
            if let action = action(entry, "\(path).then[\(offset)]", customFields: customFields, locations: locations) {
              actions.append(action)
            }
          }
        } else {
          fail("\(path).then", "config.type", "expected an array, found \(list.typeName)")
        }
      }
      if let name { rules.append(Rule(name: name, enabled: enabled, condition: when, actions: actions, path: path)) }
    }
    return rules
  }

  /// A directory field, a kept custom field, or a field rules compute.
  func ruleField(_ name: String, customFields: [String]) -> RuleField? {
    if let field = StandardField(rawValue: name) { return .standard(field) }
    switch name {
    case "role": return .role
    case "groups": return .groups
    case "directReports": return .directReports
    case "source": return .source
    default: return customFields.firstIndex(of: name).map { .custom($0, name) }
    }
  }

  func fieldNames(_ customFields: [String]) -> String {
    (StandardField.allCases.map(\.rawValue) + RuleField.reservedNames + customFields).joined(separator: ", ")
  }

  mutating func condition(_ value: JSONValue, _ path: String, customFields: [String]) -> RuleCondition? {
    guard let object = value.objectValue else {
      fail(path, "config.type", "expected an object, found \(value.typeName)")
      return nil
    }
    let shapes = ["all", "any", "not", "field", "tenure"].filter { object[$0] != nil }
    guard shapes.count == 1 else {
      fail(
        path, "config.rule-condition",
        shapes.isEmpty
          ? "a condition is one of: {\"field\": …, <operator>: …}, {\"tenure\": …}, {\"all\": […]}, {\"any\": […]}, {\"not\": {…}}"
          : "a condition has exactly one of all, any, not, field, tenure (found \(shapes.joined(separator: ", ")))")
      return nil
    }
    switch shapes[0] {
    case "all", "any":
      let key = shapes[0]
      guard self.object(value, path, required: [], allowed: [key]) != nil else { return nil }
      guard let items = object[key]!.arrayValue, !items.isEmpty else {
        fail("\(path).\(key)", "config.type", "expected a non-empty array of conditions")
        return nil
      }
      var parts: [RuleCondition] = []
      for (offset, item) in items.enumerated() {
        if let part = condition(item, "\(path).\(key)[\(offset)]", customFields: customFields) { parts.append(part) }
      }
      guard parts.count == items.count else { return nil }
      return key == "all" ? .all(parts) : .any(parts)
    case "not":
      guard self.object(value, path, required: [], allowed: ["not"]) != nil else { return nil }
      return condition(object["not"]!, "\(path).not", customFields: customFields).map { .not($0) }
    case "tenure":
      guard self.object(value, path, required: [], allowed: ["tenure"]) != nil else { return nil }
      return tenure(object["tenure"]!, "\(path).tenure")
    default:
      return fieldCondition(object, path, customFields: customFields)
    }
  }

  mutating func tenure(_ value: JSONValue, _ path: String) -> RuleCondition? {
    guard let object = object(value, path, required: ["unit"], allowed: ["lessThan", "greaterThan", "unit"]) else { return nil }
    let orders = [RuleOrder.lessThan, .greaterThan].filter { object[$0.rawValue] != nil }
    guard orders.count == 1 else {
      fail(path, "config.rule-condition", "tenure takes exactly one of lessThan, greaterThan")
      return nil
    }
    let amount = integer(object[orders[0].rawValue], "\(path).\(orders[0].rawValue)", range: 0...100_000)
    var unit: TenureUnit?
    if let text = string(object["unit"], "\(path).unit") {
      unit = TenureUnit(rawValue: text)
      if unit == nil { fail("\(path).unit", "config.enum", "must be one of: days, months") }
    }
    guard let amount, let unit else { return nil }
    return .tenure(orders[0], amount, unit)
  }

  mutating func fieldCondition(_ object: JSONObject, _ path: String, customFields: [String]) -> RuleCondition? {
    guard let name = string(object["field"], "\(path).field") else { return nil }
    guard let field = ruleField(name, customFields: customFields) else {
      fail("\(path).field", "config.rule-field", "unknown field '\(name)' (fields: \(fieldNames(customFields)))")
      return nil
    }
    let operators = object.keys.filter { $0 != "field" }
    for key in operators where !RuleOperator.names.contains(key) {
      fail(
        path, "config.unknown-key",
        "unknown operator '\(key)' (operators: \(RuleOperator.names.joined(separator: ", ")))")
    }
    let known = operators.filter { RuleOperator.names.contains($0) }
    guard known.count == 1 else {
      if known.count > 1 {
        fail(path, "config.rule-condition", "one operator per condition (found \(known.joined(separator: ", "))); combine with all or any")
      }
      if known.isEmpty && operators.isEmpty {
        fail(path, "config.rule-condition", "an operator is required (\(field.operators.joined(separator: ", ")))")
      }
      return nil
    }
    let key = known[0]
    let operatorPath = "\(path).\(key)"
    guard field.operators.contains(key) else {
      fail(
        operatorPath, "config.rule-operator",
        "'\(key)' does not apply to \(name), a \(field.kind.rawValue) field (operators: \(field.operators.joined(separator: ", ")))")
      return nil
    }
    let raw = object[key]!
    let op: RuleOperator?
    switch key {
    case "is": op = ruleValue(raw, operatorPath, field: field).map { .is($0) }
    case "isNot": op = ruleValue(raw, operatorPath, field: field).map { .isNot($0) }
    case "oneOf":
      guard let items = raw.arrayValue, !items.isEmpty else {
        fail(operatorPath, "config.type", "expected a non-empty array")
        return nil
      }
      var values: [RuleValue] = []
      for (offset, item) in items.enumerated() {
        if let parsed = ruleValue(item, "\(operatorPath)[\(offset)]", field: field) { values.append(parsed) }
      }
      op = values.count == items.count ? .oneOf(values) : nil
    case "contains": op = string(raw, operatorPath).map { .contains($0) }
    case "startsWith": op = string(raw, operatorPath).map { .startsWith($0) }
    case "isEmpty":
      if let flag = raw.boolValue {
        op = .isEmpty(flag)
      } else {
        fail(operatorPath, "config.type", "expected a boolean, found \(raw.typeName)")
        op = nil
      }
    case "lessThan": op = orderedValue(raw, operatorPath, field: field).map { .lessThan($0) }
    default: op = orderedValue(raw, operatorPath, field: field).map { .greaterThan($0) }
    }
    return op.map { .field(field, $0) }
  }

  /// A value to compare `field` with: a date for date fields, a number for numbers, text otherwise.
  mutating func ruleValue(_ value: JSONValue, _ path: String, field: RuleField) -> RuleValue? {
    switch field.kind {
    case .date:
      guard let text = value.stringValue else {
        fail(path, "config.type", "expected a date (YYYY-MM-DD), found \(value.typeName)")
        return nil
      }
      guard let day = Day(text) else {
        fail(path, "config.rule-value", "'\(text)' is not a date (YYYY-MM-DD)")
        return nil
      }
      return .date(day)
    case .number:
      guard let number = value.doubleValue, case .number = value else {
        fail(path, "config.type", "expected a number, found \(value.typeName)")
        return nil
      }
      return .number(number)
    case .text, .list:
      return string(value, path, nonEmpty: false).map { .text($0) }
    }
  }

  /// `lessThan` / `greaterThan`: dates for date fields, numbers for the rest.
  mutating func orderedValue(_ value: JSONValue, _ path: String, field: RuleField) -> RuleValue? {
    if field.kind == .date { return ruleValue(value, path, field: field) }
    guard let number = value.doubleValue, case .number = value else {
      fail(path, "config.type", "expected a number, found \(value.typeName)")
      return nil
    }
    return .number(number)
  }

  mutating func action(_ value: JSONValue, _ path: String, customFields: [String], locations: [String]) -> RuleAction? {
    let names = ["addToGroup", "removeFromGroup", "setRole", "setField", "exclude"]
    guard let object = object(value, path, required: [], allowed: names) else { return nil }
    guard object.keys.count == 1, let key = object.keys.first, names.contains(key) else {
      if object.keys.count == 1 { return nil }  // an unknown action, reported with the allowed ones
      fail(path, "config.rule-action", "an action is an object with one of: \(names.joined(separator: ", "))")
      return nil
    }
    let actionPath = "\(path).\(key)"
    switch key {
    case "addToGroup", "removeFromGroup", "setRole":
      guard let name = string(object[key], actionPath) else { return nil }
      guard Self.isValidGroupName(name) else {
        fail(
          actionPath, "config.pattern",
          "'\(name)' is not a valid \(key == "setRole" ? "role" : "group") name: lowercase letters, digits, '-', '_' and '.', starting with a letter or digit, at most 63 characters"
        )
        return nil
      }
      return key == "addToGroup" ? .addToGroup(name) : key == "removeFromGroup" ? .removeFromGroup(name) : .setRole(name)
    case "exclude":
      guard object[key]?.boolValue == true else {
        fail(actionPath, "config.type", "expected true")
        return nil
      }
      return .exclude
    default:
      guard let target = self.object(object[key]!, actionPath, required: ["field", "value"], allowed: ["field", "value"]),
        let name = string(target["field"], "\(actionPath).field")
      else { return nil }
      guard let field = ruleField(name, customFields: customFields) else {
        fail("\(actionPath).field", "config.rule-field", "unknown field '\(name)' (fields: \(fieldNames(customFields)))")
        return nil
      }
      guard field.isSettable else {
        fail(
          "\(actionPath).field", "config.rule-field",
          "\(name) cannot be set by a rule (settable: fullName, department, title, location, managerEmail, pictureUrl, and custom fields)")
        return nil
      }
      guard let raw = target["value"] else { return nil }
      if case .null = raw { return .setField(field, nil) }
      guard let text = string(raw, "\(actionPath).value") else { return nil }
      switch field {
      case .standard(.location):
        guard let configured = locations.first(where: { $0.lowercased() == text.lowercased() }) else {
          fail("\(actionPath).value", "config.rule-value", "'\(text)' is not a configured location (\(locations.joined(separator: ", ")))")
          return nil
        }
        return .setField(field, configured)
      case .standard(.managerEmail):
        guard FieldRules.isValidEmail(text.lowercased()) else {
          fail("\(actionPath).value", "config.rule-value", "'\(text)' is not an email address")
          return nil
        }
        return .setField(field, text.lowercased())
      default:
        return .setField(field, text)
      }
    }
  }
}
