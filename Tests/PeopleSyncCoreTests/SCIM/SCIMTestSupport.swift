import Testing

@testable import PeopleSyncCore

/// Parses JSON written in a test; a typo in a fixture is a test failure, not a crash.
func json(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue {
  do {
    return try JSONParser.parse(text)
  } catch {
    Issue.record("bad test JSON: \(error)", sourceLocation: sourceLocation)
    return .null
  }
}

/// The SCIMError a throwing call raised, or `nil` (recorded as an issue) if it returned.
func scimError<T>(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws(SCIMError) -> T) -> SCIMError? {
  do {
    let value = try body()
    Issue.record("expected a SCIMError, got \(value)", sourceLocation: sourceLocation)
    return nil
  } catch {
    return error
  }
}

/// A user as the store holds one.
let storedUser = json(
  """
  {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
   "id":"u1","externalId":"00u1ABC","meta":{"resourceType":"User","created":"2024-01-02T03:04:05Z","lastModified":"2024-03-01T10:00:00Z","version":"W/\\"1\\""},
   "userName":"Alice.Smith@example.com","name":{"givenName":"Alice","familyName":"Smith"},"displayName":"Alice Smith",
   "active":true,"title":"Engineer",
   "emails":[{"value":"alice@example.com","type":"work","primary":true},{"value":"alice@home.example","type":"home"}],
   "groups":[{"value":"g1","display":"Staff"}],
   "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701","department":"R&D","manager":{"value":"u9"}}}
  """)

/// A group as the store holds one.
let storedGroup = json(
  """
  {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g1","displayName":"Staff",
   "members":[{"value":"u1"},{"value":"u2"},{"value":"u3"}],"meta":{"resourceType":"Group"}}
  """)
