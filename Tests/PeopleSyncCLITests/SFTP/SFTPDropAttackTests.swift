import Foundation
import TestSupport
import Testing

/// The cross-tenant attack of issue 16, point 1, against the real sshd chroot: a customer replaces
/// its `uploads/hr_reports` with a link to another tenant's, so that the pickup (root, outside the
/// chroot) ingests that tenant's report into its own tenant.
extension SFTPDropEndToEndTests {
  /// The owner, group and permission bits of `path` itself (a link is not followed).
  static func owner(_ path: String) -> (uid: uid_t, gid: gid_t, mode: mode_t, isLink: Bool)? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    return (info.st_uid, info.st_gid, info.st_mode & 0o7777, (info.st_mode & S_IFMT) == S_IFLNK)
  }

  static func account(_ user: String) throws -> (uid: uid_t, gid: gid_t) {
    let entry = try #require(getpwnam(user), "no account \(user)")
    return (entry.pointee.pw_uid, entry.pointee.pw_gid)
  }

  @Test("over SFTP the customer can no longer move, remove or replace uploads/hr_reports, and still uploads into it")
  func hrReportsCannotBeReplaced() throws {
    let setup = try Setup()
    defer { setup.finish() }
    let globex = try Self.account(setup.globex.user)
    let uploads = setup.globexDrop + "/uploads"
    // uploads/ is root's, entered through the customer's group; hr_reports/ and rejected/ are the customer's.
    let top = try #require(Self.owner(uploads))
    #expect(top.uid == 0 && top.gid == globex.gid && top.mode == 0o750, "\(top)")
    for folder in ["/uploads/hr_reports", "/rejected"] {
      let owned = try #require(Self.owner(setup.globexDrop + folder))
      #expect(owned.uid == globex.uid && owned.mode == 0o750, "\(folder): \(owned)")
    }

    let victim = setup.server.drops + "/initech/uploads/hr_reports"
    let local = try setup.local("x.csv", "x\n")
    for command in [
      "rename hr_reports hr_old", "rmdir hr_reports", "symlink \(victim) hr_link", "mkdir hr_new", "put \(local) /uploads/x.csv",
      "chmod 777 /uploads",
    ] {
      let attempt = try setup.server.sftp(setup.globex, [command])
      #expect(attempt.status != 0, "the customer could \(command): \(attempt.transcript)")
    }
    let after = try #require(Self.owner(uploads + "/hr_reports"))
    #expect(!after.isLink && after.uid == globex.uid)
    #expect(try FileManager.default.contentsOfDirectory(atPath: uploads) == ["hr_reports"])
    #expect(Self.owner(uploads)?.mode == 0o750)

    let name = Self.reportName(daysAgo: 1)
    let upload = try setup.server.sftp(setup.globex, ["ls", "put \(local) hr_reports/\(name)"])
    #expect(upload.status == 0, "\(upload.transcript)")
    #expect(upload.stdout.contains("hr_reports"))
    #expect(FileManager.default.fileExists(atPath: uploads + "/hr_reports/" + name))
  }

  @Test(
    "on an old layout, a link made over SFTP to another tenant's hr_reports is refused by ingest and run-daily; add-tenant then repairs the layout without following it"
  )
  func oldLayoutLinkRefused() throws {
    let setup = try Setup()
    defer { setup.finish() }
    let globex = try Self.account(setup.globex.user)
    let initech = try Self.account(setup.initech.user)
    let name = Self.reportName(daysAgo: 1)
    let victim = setup.server.drops + "/initech/uploads/hr_reports"
    let csv = try String(
      contentsOf: Paths.packageRoot.appendingPathComponent("tenants/initech/sources/legacy-hr.csv"), encoding: .utf8)
    #expect(try setup.server.sftp(setup.initech, ["put \(try setup.local("initech.csv", csv)) hr_reports/\(name)"]).status == 0)

    // The layout add-tenant made before: uploads/ the customer's, so it may rename what is inside.
    let uploads = setup.globexDrop + "/uploads"
    #expect(chown(uploads, globex.uid, globex.gid) == 0)
    let warned = try setup.repository.expectRun(["ingest", "--tenant", "globex", "--from", setup.globexDrop, "--settle", "1"])
    #expect(warned.stdout.contains("uploads/ belongs to uid \(globex.uid), not root"), "\(warned.transcript)")
    let attack = try setup.server.sftp(setup.globex, ["rename hr_reports hr_old", "symlink \(victim) hr_reports"])
    #expect(attack.status == 0, "\(attack.transcript)")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: uploads + "/hr_reports") == victim)

    usleep(1_100_000)
    let commits = try setup.repository.commitCount()
    let ingest = try setup.repository.expectRun(["ingest", "--tenant", "globex", "--from", setup.globexDrop, "--settle", "1"], status: 3)
    #expect(ingest.stderr.contains("\(uploads)/hr_reports is a symbolic link (to \(victim))"), "\(ingest.transcript)")
    #expect(ingest.stderr.contains("never followed"))
    #expect(FileManager.default.fileExists(atPath: victim + "/" + name), "initech's report was taken")
    #expect(!FileManager.default.fileExists(atPath: setup.globexDrop + "/archive/" + name))
    #expect(!FileManager.default.fileExists(atPath: setup.globexDrop + "/rejected/" + name))
    #expect(try setup.repository.commitCount() == commits)

    // The daily job: globex's pickup fails, initech's own report is picked up by initech as usual.
    let daily = try setup.repository.expectRun(["run-daily", "--drops", setup.server.drops, "--settle", "1"], status: 3)
    #expect(daily.stdout.contains("globex: pickup failed; the snapshot in force is kept"), "\(daily.transcript)")
    #expect(daily.stderr.contains("\(uploads)/hr_reports is a symbolic link"), "\(daily.transcript)")
    #expect(FileManager.default.fileExists(atPath: setup.server.drops + "/initech/archive/" + name), "\(daily.transcript)")
    #expect(!FileManager.default.fileExists(atPath: setup.globexDrop + "/archive/" + name))
    #expect(try setup.repository.show("main", "tenants/globex/sources/hr.csv") == nil)

    // add-tenant again repairs the old layout: uploads/ root's, the link removed rather than followed.
    let victimBefore = try #require(Self.owner(victim))
    let repair = try setup.server.rerunAddTenant("globex", setup.globex)
    #expect(repair.status == 0, "\(repair.transcript)")
    #expect(repair.stderr.contains("\(uploads)/hr_reports was a symbolic link (to \(victim)); removed it, not followed"))
    let victimAfter = try #require(Self.owner(victim))
    #expect(victimAfter.uid == initech.uid && victimAfter.gid == initech.gid && victimAfter.mode == victimBefore.mode, "\(victimAfter)")
    #expect(Self.owner(uploads).map { $0.uid == 0 && $0.mode == 0o750 } == true)
    let repaired = try #require(Self.owner(uploads + "/hr_reports"))
    #expect(!repaired.isLink && repaired.uid == globex.uid && repaired.mode == 0o750)
    let again = try setup.server.sftp(setup.globex, ["put \(try setup.local("g.csv", "x\n")) hr_reports/\(name)"])
    #expect(again.status == 0, "\(again.transcript)")
    #expect(try setup.server.sftp(setup.globex, ["rename hr_reports hr_other"]).status != 0)
  }
}
