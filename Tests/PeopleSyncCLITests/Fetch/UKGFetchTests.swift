import Foundation
import HTTPServer
import TestSupport
import Testing

/// `peoplesync fetch` against UKG Pro's two endpoints served on 127.0.0.1 from recorded payloads.
@Suite("UKG Pro fetch end to end")
struct UKGFetchTests {
  @Test("paged person-details and employment-details joined into the snapshot; sync gives the expected directory (golden files)")
  func pagedJoin() throws {
    let fixture = try UKG.fixture()
    let fetched = try fixture.fetch()
    #expect(fetched.status == 0, "\(fetched.transcript)")
    #expect(fetched.stdout.contains("6 records, 5 workers, 1 rehired, 1 left out (status says left, no date)"), "\(fetched.transcript)")
    // Six records at two a page: pages 1 to 3 are full, page 4 is empty and ends the listing.
    for path in [UKG.people, UKG.employment] {
      let requests = fixture.api.requests(to: path)
      #expect(requests.map { $0.queryValue("page") } == ["1", "2", "3", "4"], "\(path)")
      #expect(requests.allSatisfy { $0.queryValue("per_Page") == "2" && $0.header("x-tenant-region") == "us-east" })
    }
    try FetchFixture.expectGolden(try #require(try fixture.snapshot()), "ukg.snapshot.csv")
    try fixture.repo.expectRun(["sync", "--as-of", "2026-11-29"])
    try FetchFixture.expectGolden(try fixture.directoryText(), "ukg.directory.txt")
    #expect(try fixture.repo.git(["fsck", "--strict"]).status == 0)
  }

  @Test("a short last page ends the listing without asking for another")
  func shortLastPage() throws {
    let fixture = try UKG.fixture { $0 = $0.replacingOccurrences(of: #""perPage": 2"#, with: #""perPage": 4"#) }
    #expect(try fixture.fetch().status == 0)
    for path in [UKG.people, UKG.employment] {
      #expect(fixture.api.requests(to: path).map { $0.queryValue("page") } == ["1", "2"], "\(path)")
    }
  }

  @Test("either key casing in either endpoint: the same snapshot")
  func keyCasings() throws {
    let plain = try UKG.fixture()
    let swapped = try UKG.fixture(swapCasing: true)
    try #require(try plain.fetch().status == 0)
    let result = try swapped.fetch()
    try #require(result.status == 0, "\(result.transcript)")
    #expect(try swapped.snapshot() == plain.snapshot())
  }

  @Test("the shared example pages, fetched and synced (golden files)")
  func sharedExample() throws {
    let fixture = try FetchFixture(tenant: "ukgco", config: "hris/ukg/tenant.json", environment: UKG.credentials)
    let people = try RecordedAPI.fixture("examples/ukg/person-details.page1.json")
    let pages = try [1, 2].map { try RecordedAPI.fixture("examples/ukg/employment-details.page\($0).json") }
    fixture.api.route(UKG.people) { request, _ in
      request.queryValue("page") == "1" ? RecordedAPI.json(people) : RecordedAPI.json("[]")
    }
    fixture.api.route(UKG.employment) { request, _ in
      let page = Int(request.queryValue("page") ?? "") ?? 0
      return page <= pages.count ? RecordedAPI.json(pages[page - 1]) : RecordedAPI.json("[]")
    }
    let result = try fixture.fetch()
    try #require(result.status == 0, "\(result.transcript)")
    // Page 2 holds one record of two: the listing ends there.
    #expect(fixture.api.requests(to: UKG.employment).count == 2)
    try FetchFixture.expectGolden(try #require(try fixture.snapshot()), "ukg-example.snapshot.csv")
    try fixture.repo.expectRun(["sync", "--as-of", "2026-11-29"])
    try FetchFixture.expectGolden(try fixture.directoryText(), "ukg-example.directory.txt")
  }

  @Test("a server that ignores paging, or more pages than maxPages: the fetch fails and commits nothing")
  func pagingGuards() throws {
    let repeating = try UKG.fixture()
    let first = try RecordedAPI.encoded(try RecordedAPI.fixtureArray("ukg/person-details.json"))
    repeating.api.route(UKG.people) { request, _ in
      // Always the first page, whatever `page` says.
      var fixed = request
      fixed.query = [("page", "1"), ("per_Page", "2")]
      return RecordedAPI.page(of: first, fixed)
    }
    let head = try repeating.repo.head()
    let result = try repeating.fetch()
    #expect(result.status == 8 && result.stderr.contains("person-details page 2 repeats page 1"), "\(result.transcript)")
    #expect(try repeating.repo.head() == head)

    let capped = try UKG.fixture { $0 = $0.replacingOccurrences(of: #""perPage": 2"#, with: #""perPage": 2, "maxPages": 2"#) }
    let over = try capped.fetch()
    #expect(over.status == 8 && over.stderr.contains("more than 2 pages (maxPages)"), "\(over.transcript)")
    #expect(try capped.snapshot() == nil)
  }
}
