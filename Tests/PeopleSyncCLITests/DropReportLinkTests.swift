import Foundation
import TestSupport
import Testing

/// Links in `rejected/` (issue 16, point 1): the customer owns that folder, so it can put a link to
/// any file of the host under the name of the report the pickup (root) is about to write, or swap
/// the pickup's temporary file for one while it is being written. Root must never write, chmod or
/// chown through such a link.
@Suite(
  "Drop report links", .serialized,
  .enabled(if: geteuid() == 0, "needs root: the pickup gives files to the customer's account only as root"))
struct DropReportLinkTests {
  /// The customer's account, as far as file owners go.
  static let customer: uid_t = 65_534
  static let report = "people_report_2026-11-20.csv"

  /// A root-only file outside the drop: what the customer would like root to hand over.
  struct Target {
    let path: String
    let contents = "root's own file\n"

    init(_ path: String) throws {
      self.path = path
      try contents.write(toFile: path, atomically: false, encoding: .utf8)
      chmod(path, 0o600)
    }

    func expectUnchanged(sourceLocation: SourceLocation = #_sourceLocation) throws {
      let attributes = try FileManager.default.attributesOfItem(atPath: path)
      #expect((attributes[.ownerAccountID] as? NSNumber)?.uint32Value == 0, "owner changed: \(attributes)", sourceLocation: sourceLocation)
      #expect(
        (attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "mode changed: \(attributes)", sourceLocation: sourceLocation)
      #expect(try String(contentsOfFile: path, encoding: .utf8) == contents, "written through a link", sourceLocation: sourceLocation)
    }
  }

  /// A repository, and globex's drop folder with a broken report in the uploads (so that it is
  /// rejected) and `rejected/` owned by the customer, as add-tenant makes it.
  private func setUp() throws -> (repository: TemporaryRepository, drop: String) {
    let repository = try TemporaryRepository.withExamples(tenants: ["globex"])
    let drop = repository.folder.path + "/drop"
    for folder in ["/uploads/hr_reports", "/rejected"] {
      try FileManager.default.createDirectory(atPath: drop + folder, withIntermediateDirectories: true)
      chown(drop + folder, Self.customer, Self.customer)
    }
    let path = drop + "/uploads/hr_reports/" + Self.report
    try "Name;Mail\nHank Scorpio;hank.scorpio@globex.example\n".write(toFile: path, atomically: false, encoding: .utf8)
    chown(path, Self.customer, Self.customer)
    try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-3600)], ofItemAtPath: path)
    return (repository, drop)
  }

  @Test("links planted in rejected/ under the names the rejected report and its report will take are not written through")
  func plantedLinks() throws {
    let (repository, drop) = try setUp()
    let target = try Target(repository.folder.path + "/target")
    for name in [Self.report, Self.report + ".report.txt"] {
      try FileManager.default.createSymbolicLink(atPath: drop + "/rejected/" + name, withDestinationPath: target.path)
    }
    try repository.expectRun(["ingest", "--tenant", "globex", "--from", drop, "--settle", "60"], status: 3)
    try target.expectUnchanged()
    // The report went beside a free name, given to the customer.
    let report = drop + "/rejected/people_report_2026-11-20.2.csv.report.txt"
    #expect(try String(contentsOfFile: report, encoding: .utf8).contains("PeopleSync did not ingest"))
    #expect((try FileManager.default.attributesOfItem(atPath: report)[.ownerAccountID] as? NSNumber)?.uint32Value == Self.customer)
  }

  @Test("the report's temporary file swapped for a link while root sets its owner and mode: the link's target is not touched")
  func swappedTemporaryFile() throws {
    let strace = "/usr/bin/strace"
    try #require(FileManager.default.isExecutableFile(atPath: strace), "strace is needed to widen the race (scripts/setup installs it)")
    let (repository, drop) = try setUp()
    let target = try Target(repository.folder.path + "/target")
    let rejected = drop + "/rejected"
    // The customer's side: as soon as a temporary file appears, put a link to the target in its place.
    let swapper = Swapper(folder: rejected, target: target.path)
    let thread = Thread { swapper.run() }
    thread.start()
    defer { swapper.stop() }
    // Every call that sets an owner or a mode waits 1.5 s first: the swap lands in between, every time.
    let result = try Shell.run(
      [
        strace, "-f", "-qq", "-o", "/dev/null", "-e", "trace=chown,fchownat,lchown,fchown,chmod,fchmodat,fchmod",
        "-e", "inject=chown,fchownat,lchown,fchown,chmod,fchmodat,fchmod:delay_enter=1500000",
        Paths.peoplesync, "ingest", "--tenant", "globex", "--from", drop, "--settle", "60", "--repo", repository.path,
      ], in: repository.folder.path)
    swapper.stop()
    #expect(result.status == 3, "\(result.transcript)")
    #expect(swapper.swapped != nil, "no temporary file appeared in rejected/: \(result.transcript)")
    try target.expectUnchanged()
  }
}

/// Replaces the first regular file whose name holds `.tmp` in `folder` with a link to `target`.
private final class Swapper: @unchecked Sendable {
  let folder: String
  let target: String
  private let lock = NSLock()
  private var stopped = false
  private var found: String?

  init(folder: String, target: String) {
    self.folder = folder
    self.target = target
  }

  /// The name that was swapped, if any.
  var swapped: String? { lock.withLock { found } }

  func stop() { lock.withLock { stopped = true } }

  func run() {
    while !lock.withLock({ stopped || found != nil }) {
      for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.contains(".tmp") {
        var info = stat()
        guard lstat(folder + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
        // rename(2) puts the link in place in one step, as a customer's SFTP rename does.
        let link = folder + "/.swap-\(UUID().uuidString)"
        guard symlink(target, link) == 0, rename(link, folder + "/" + name) == 0 else { continue }
        lock.withLock { found = name }
        return
      }
      usleep(500)
    }
  }
}
