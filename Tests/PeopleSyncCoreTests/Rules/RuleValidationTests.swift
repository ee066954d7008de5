import Testing

@testable import PeopleSyncCore

/// Invalid rules are validation errors at their JSON path, with a code saying what is wrong.
@Suite("Rule validation")
struct RuleValidationTests {
  struct Case: CustomTestStringConvertible, Sendable {
    let rule: String
    /// "JSON path code" of each expected diagnostic.
    let expected: [String]
    var testDescription: String { rule }
  }

  static let cases: [Case] = [
    Case(rule: #"{ "name": "x", "then": [] }"#, expected: ["$.rules[0].then config.empty"]),
    Case(rule: #"{ "then": [{ "exclude": true }] }"#, expected: ["$.rules[0] config.required"]),
    Case(
      rule: #"{ "name": "x", "when": { "field": "nickname", "is": "a" }, "then": [{ "exclude": true }] }"#,
      expected: ["$.rules[0].when.field config.rule-field"]),
    Case(
      rule: #"{ "name": "x", "when": { "field": "hireDate", "contains": "2020" }, "then": [{ "exclude": true }] }"#,
      expected: ["$.rules[0].when.contains config.rule-operator"]),
    Case(
      rule: #"{ "name": "x", "when": { "field": "department", "lessThan": 3 }, "then": [{ "exclude": true }] }"#,
      expected: ["$.rules[0].when.lessThan config.rule-operator"]),
    Case(
      rule: #"{ "name": "x", "when": { "field": "directReports", "contains": "a" }, "then": [{ "exclude": true }] }"#,
      expected: ["$.rules[0].when.contains config.rule-operator"]),
    Case(
      rule: #"{ "name": "x", "when": { "field": "groups", "is": "a" }, "then": [{ "exclude": true }] }"#,
      expected: ["$.rules[0].when.is config.rule-operator"]),
    Case(
      rule: #"{ "name": "x", "when": { "field": "directReports", "is": "three" }, "then": [{ "exclude": true }] }"#,
      expected: ["$.rules[0].when.is config.type"]),
    Case(
      rule: #"{ "name": "x", "when": { "field": "hireDate", "lessThan": "last year" }, "then": [{ "exclude": true }] }"#,
      expected: ["$.rules[0].when.lessThan config.rule-value"]),
    Case(
      rule: #"{ "name": "x", "when": { "field": "hireDate", "lessThan": 2020 }, "then": [{ "exclude": true }] }"#,
      expected: ["$.rules[0].when.lessThan config.type"]),
    Case(
      rule: #"{ "name": "x", "when": { "field": "Level", "greaterThan": "5" }, "then": [{ "exclude": true }] }"#,
      expected: ["$.rules[0].when.greaterThan config.type"]),
    Case(
      rule: #"{ "name": "x", "when": { "field": "title", "isEmpty": "yes" }, "then": [{ "exclude": true }] }"#,
      expected: ["$.rules[0].when.isEmpty config.type"]),
    Case(
      rule: #"{ "name": "x", "when": { "field": "title", "oneOf": [] }, "then": [{ "exclude": true }] }"#,
      expected: ["$.rules[0].when.oneOf config.type"]),
    Case(
      rule: #"{ "name": "x", "when": { "field": "title" }, "then": [{ "exclude": true }] }"#,
      expected: ["$.rules[0].when config.rule-condition"]),
    Case(
      rule: #"{ "name": "x", "when": { "field": "title", "is": "a", "contains": "b" }, "then": [{ "exclude": true }] }"#,
      expected: ["$.rules[0].when config.rule-condition"]),
    Case(
      rule: #"{ "name": "x", "when": { "field": "title", "matches": "a" }, "then": [{ "exclude": true }] }"#,
      expected: ["$.rules[0].when config.unknown-key"]),
    Case(rule: #"{ "name": "x", "when": {}, "then": [{ "exclude": true }] }"#, expected: ["$.rules[0].when config.rule-condition"]),
    Case(rule: #"{ "name": "x", "when": { "all": [] }, "then": [{ "exclude": true }] }"#, expected: ["$.rules[0].when.all config.type"]),
    Case(
      rule: #"{ "name": "x", "when": { "any": [{ "field": "x", "is": "a" }] }, "then": [{ "exclude": true }] }"#,
      expected: ["$.rules[0].when.any[0].field config.rule-field"]),
    Case(
      rule: #"{ "name": "x", "when": { "not": { "field": "hireDate", "startsWith": "2" } }, "then": [{ "exclude": true }] }"#,
      expected: ["$.rules[0].when.not.startsWith config.rule-operator"]),
    Case(
      rule: #"{ "name": "x", "when": { "tenure": { "lessThan": 3 } }, "then": [{ "exclude": true }] }"#,
      expected: ["$.rules[0].when.tenure config.required"]),
    Case(
      rule: #"{ "name": "x", "when": { "tenure": { "lessThan": 3, "unit": "weeks" } }, "then": [{ "exclude": true }] }"#,
      expected: ["$.rules[0].when.tenure.unit config.enum"]),
    Case(
      rule: #"{ "name": "x", "when": { "tenure": { "lessThan": 1.5, "unit": "days" } }, "then": [{ "exclude": true }] }"#,
      expected: ["$.rules[0].when.tenure.lessThan config.type"]),
    Case(rule: #"{ "name": "x", "then": [{ "addToGroup": "Big Group" }] }"#, expected: ["$.rules[0].then[0].addToGroup config.pattern"]),
    Case(rule: #"{ "name": "x", "then": [{ "setRole": "" }] }"#, expected: ["$.rules[0].then[0].setRole config.empty"]),
    Case(rule: #"{ "name": "x", "then": [{ "exclude": false }] }"#, expected: ["$.rules[0].then[0].exclude config.type"]),
    Case(rule: #"{ "name": "x", "then": [{ "addToGroup": "a", "setRole": "b" }] }"#, expected: ["$.rules[0].then[0] config.rule-action"]),
    Case(rule: #"{ "name": "x", "then": [{ "promote": "a" }] }"#, expected: ["$.rules[0].then[0] config.unknown-key"]),
    Case(
      rule: #"{ "name": "x", "then": [{ "setField": { "field": "employeeId", "value": "1" } }] }"#,
      expected: ["$.rules[0].then[0].setField.field config.rule-field"]),
    Case(
      rule: #"{ "name": "x", "then": [{ "setField": { "field": "location", "value": "Paris" } }] }"#,
      expected: ["$.rules[0].then[0].setField.value config.rule-value"]),
    Case(
      rule: #"{ "name": "x", "then": [{ "setField": { "field": "managerEmail", "value": "nobody" } }] }"#,
      expected: ["$.rules[0].then[0].setField.value config.rule-value"]),
    Case(
      rule: #"{ "name": "x", "then": [{ "setField": { "field": "title" } }] }"#, expected: ["$.rules[0].then[0].setField config.required"]),
    Case(rule: #"{ "name": "x", "enabled": 1, "then": [{ "exclude": true }] }"#, expected: ["$.rules[0].enabled config.type"]),
    Case(
      rule: #"{ "name": "x", "then": [{ "exclude": true }] }, { "name": "X", "then": [{ "exclude": true }] }"#,
      expected: ["$.rules[1].name config.duplicate"]),
  ]

  @Test("each invalid rule is reported at its path", arguments: cases)
  func invalid(_ item: Case) {
    let text = """
      {
        "displayName": "Rules",
        "timeZone": "UTC",
        "locations": ["New York"],
        "customFields": ["Level"],
        "sources": [{ "name": "hr", "kind": "csv" }],
        "rules": [\(item.rule)]
      }
      """
    let (config, diagnostics) = ConfigReader.read(Array(text.utf8), tenant: "rules")
    #expect(config == nil)
    #expect(diagnostics.map { "\($0.jsonPath ?? "-") \($0.code)" } == item.expected, "\(diagnostics)")
  }

  @Test("a custom field may not take a name rules compute")
  func reservedCustomField() {
    let text = #"{ "displayName": "R", "timeZone": "UTC", "customFields": ["role"], "sources": [{ "name": "hr", "kind": "csv" }] }"#
    let (config, diagnostics) = ConfigReader.read(Array(text.utf8), tenant: "rules")
    #expect(config == nil)
    #expect(diagnostics.map { "\($0.jsonPath ?? "-") \($0.code)" } == ["$.customFields[0] config.custom-field"])
  }
}
