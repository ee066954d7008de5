import PeopleSyncCore

/// What a stored blob holds, so a codec can pick its key; when reading, where the blob was found,
/// which a sealed blob must have been sealed for.
package enum BlobKind: Sendable, CustomStringConvertible {
  case snapshot(tenant: String, source: String)
  case entry(tenant: String, id: PersonID)
  /// A SCIM resource file, sealed under the resource's own key (see `SCIMResourceKeys`).
  case scimResource(tenant: String, key: PersonID)

  /// The tenant the blob belongs to.
  package var tenant: String {
    switch self {
    case .snapshot(let tenant, _), .entry(let tenant, _), .scimResource(let tenant, _): tenant
    }
  }

  /// What the blob is, for messages; a SCIM resource is not named, since its key says nothing to a reader.
  package var description: String {
    switch self {
    case .snapshot(let tenant, let source): "the snapshot of source \(source) of tenant \(tenant)"
    case .entry(let tenant, let id): "the entry of person \(id) of tenant \(tenant)"
    case .scimResource(let tenant, _): "a SCIM resource of tenant \(tenant)"
    }
  }
}
