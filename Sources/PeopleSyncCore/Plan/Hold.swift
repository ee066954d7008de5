/// The people rejected rows name, who are left exactly as they are: matched by the keys'
/// hashes, and by the email and Employee ID an entry holds (a row may name someone by a key
/// other than the one their entry was made from).
struct Hold {
  let ids: Set<PersonID>
  let emails: Set<String>
  let employeeIDs: Set<String>
  /// Rejected rows that name nobody: any absent person could be one of them.
  let unidentified: Int

  init(_ rows: [RejectedRow], identifier: any PersonIdentifier, tenant: String) {
    var ids = Set<PersonID>()
    var emails = Set<String>()
    var employeeIDs = Set<String>()
    for key in rows.flatMap(\.keys) {
      ids.insert(identifier.id(for: key, tenant: tenant))
      switch key {
      case .email(let email): emails.insert(email)
      case .employeeID(let id): employeeIDs.insert(id)
      }
    }
    self.ids = ids
    self.emails = emails
    self.employeeIDs = employeeIDs
    unidentified = rows.filter { $0.keys.isEmpty }.count
  }

  /// True when a rejected row names the person of this entry.
  func names(_ entry: DirectoryEntry) -> Bool {
    guard let person = entry.person else { return false }
    return emails.contains(person.email) || person.employeeId.map(employeeIDs.contains) == true
  }
}
