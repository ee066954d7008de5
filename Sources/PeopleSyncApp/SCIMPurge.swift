import GitKit
import PeopleSyncCore

/// What a purge removes from a plain tenant's SCIM sources at the branch head: the Users files of
/// the SCIM users the purged person stood for (matched as the merge matches them), and those users
/// from the members of every group. An encrypted tenant's are erased by destroying their keys
/// instead (`Shredding`); a plain tenant's history keeps them, which `validate` says.
enum SCIMPurge {
  /// Edits `editor` so that `tree` holds nothing of the people `plan` purges in its SCIM sources.
  static func apply(
    _ plan: TenantPlan, inputs: TenantInputs, tree: ObjectID?, repository: Repository, writer: ObjectWriter, to editor: inout TreeEditor
  )
    throws
  {
    guard let config = inputs.config, !config.encryption.enabled, let tree else { return }
    let purged = plan.changes.filter { $0.kind == .purge }.compactMap { $0.before?.person }
    guard !purged.isEmpty, !inputs.scimUsers.isEmpty else { return }
    var removed: [String: Set<String>] = [:]
    for (source, user) in inputs.scimUsers where purged.contains(where: { Shredding.standsFor($0)(user) }) {
      editor.remove(user.path)
      removed[source, default: []].insert(SCIMResourceKeys.resourceID(path: user.path))
    }
    for (source, ids) in removed.sorted(by: { $0.key < $1.key }) {
      let folder = "tenants/\(plan.tenant)/sources/\(source)/\(SCIMStore.Kind.groups.rawValue)"
      guard let groups = try repository.subtree(of: tree, at: folder) else { continue }
      for file in try SCIMLayout.files(in: groups, folder: folder, repository: repository) where file.path.hasSuffix(".json") {
        guard var group = try? JSONParser.parse(try repository.blob(file.id)).objectValue,
          let members = group["members"]?.arrayValue
        else { continue }
        let kept = members.filter { member in member.objectValue?["value"]?.stringValue.map { !ids.contains($0) } ?? true }
        guard kept.count != members.count else { continue }
        group["members"] = .array(kept)
        editor.set(file.path, to: try writer.write(Array(JSONWriter.pretty(.object(group)).utf8), type: .blob))
      }
    }
  }
}
