import Foundation
import Testing

@testable import PeopleSyncApp

@Suite("SCIM resources")
struct SCIMResourcesTests {
  @Test("timestamps read as ISO8601DateFormatter writes them")
  func timestamps() {
    let formatter = ISO8601DateFormatter()
    let seconds: [TimeInterval] = [0, 59.999, 951_782_400, 1_709_164_799.5, 1_796_000_000, 4_102_444_799, 253_402_300_799]
    for value in seconds {
      let date = Date(timeIntervalSince1970: value)
      #expect(SCIMResources.timestamp(date) == formatter.string(from: date), "at \(value)")
    }
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<1000 {
      let date = Date(timeIntervalSince1970: Double(Int64.random(in: 0..<4_102_444_800, using: &generator)))
      #expect(SCIMResources.timestamp(date) == formatter.string(from: date))
    }
  }

  @Test("new ids are distinct lower-case version 4 UUIDs")
  func ids() {
    let ids = (0..<2000).map { _ in SCIMResources.newID() }
    #expect(Set(ids).count == ids.count)
    for id in ids {
      #expect(
        id.range(of: "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", options: .regularExpression) != nil, "\(id)")
      #expect(UUID(uuidString: id) != nil)
    }
  }
}
