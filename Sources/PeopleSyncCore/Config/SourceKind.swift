/// Where a source's people come from.
public enum SourceKind: String, CaseIterable, Sendable {
  case csv
  case workday
  case ukg
  case scim

  /// Full sources send everyone each time, so absence means departure; SCIM pushes do not.
  public var isFullSnapshot: Bool { self != .scim }
}
