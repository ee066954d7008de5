/// Where a source's people come from.
package enum SourceKind: String, CaseIterable, Sendable {
  case csv
  case workday
  case ukg
  case scim

  /// Full sources send everyone each time, so absence means departure; SCIM pushes do not.
  package var isFullSnapshot: Bool { self != .scim }
}
