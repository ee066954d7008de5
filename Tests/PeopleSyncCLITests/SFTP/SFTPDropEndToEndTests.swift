import Foundation
import TestSupport
import Testing

/// The SFTP drop end to end: a real sshd set up with deploy/sftp, the real sftp client uploading
/// into a tenant's chroot, then `ingest --from`, `sync` and `run-daily` on a real repository.
@Suite("SFTP drop end to end", .serialized, .enabled(if: SFTPServer.canRun, "needs root: it creates accounts and chroots"))
struct SFTPDropEndToEndTests {
  /// A report date `daysAgo` days before today (UTC), safely not in the future in any time zone.
  static func reportName(daysAgo: Int) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd"
    return "people_report_\(formatter.string(from: Date().addingTimeInterval(Double(-daysAgo) * 86_400))).csv"
  }

  /// A repository with globex and initech, and a running server with an account for each.
  struct Setup {
    let repository: TemporaryRepository
    let server: SFTPServer
    let globex: SFTPServer.Account
    let initech: SFTPServer.Account

    init(initechPassword: String? = nil) throws {
      repository = try TemporaryRepository.withExamples(tenants: ["globex", "initech"])
      // globex starts with no snapshot: everything it gets comes through the drop.
      try FileManager.default.removeItem(atPath: repository.workTree + "/tenants/globex/sources")
      try repository.commitAll("globex: snapshots come from the SFTP drop")
      server = try SFTPServer()
      do {
        globex = try server.addTenant("globex")
        initech = try server.addTenant("initech", password: initechPassword)
        try server.start()
      } catch {
        server.remove()
        throw error
      }
    }

    var globexDrop: String { server.drops + "/globex" }

    /// A file of the test's own, outside every chroot, to upload from.
    func local(_ name: String, _ contents: String) throws -> String {
      try repository.folder.write("outbox/\(name)", contents).path
    }

    /// Stops sshd and checks nothing of it is left running.
    func finish() {
      server.stop()
      #expect(server.leftoverProcesses().isEmpty, "sshd processes left: \(server.leftoverProcesses())")
      server.remove()
    }
  }

  @Test("an uploaded report is picked up, committed as received, and synced into the directory")
  func uploadIngestSync() throws {
    let setup = try Setup()
    defer { setup.finish() }
    let name = Self.reportName(daysAgo: 2)
    let csv = try String(contentsOf: Paths.packageRoot.appendingPathComponent("tenants/globex/sources/hr.csv"), encoding: .utf8)
    let upload = try setup.server.sftp(setup.globex, ["put \(try setup.local("hr.csv", csv)) hr_reports/\(name)", "ls -l hr_reports"])
    #expect(upload.status == 0, "\(upload.transcript)")
    #expect(upload.stdout.contains(name))
    // The file arrived through sshd, owned by the tenant's account, inside its chroot.
    let arrived = setup.globexDrop + "/uploads/hr_reports/" + name
    let owner = try FileManager.default.attributesOfItem(atPath: arrived)[.ownerAccountName] as? String
    #expect(owner == setup.globex.user)

    usleep(1_200_000)
    let ingest = try setup.repository.expectRun(["ingest", "--tenant", "globex", "--from", setup.globexDrop, "--settle", "1"])
    #expect(ingest.stdout.contains("ingested \(name) as globex/hr: 8 rows, 8 valid, 0 rejected"), "\(ingest.transcript)")
    #expect(try setup.repository.show("main", "tenants/globex/sources/hr.csv") == csv)
    #expect(try setup.repository.git(["log", "-1", "--format=%B"]).stdout.contains("PeopleSync-Drop-Report: \(name)"))
    #expect(!FileManager.default.fileExists(atPath: arrived))
    #expect(FileManager.default.fileExists(atPath: setup.globexDrop + "/archive/" + name))

    try setup.repository.expectRun(["sync", "--tenant", "globex"])
    let entries = try setup.repository.git(["ls-tree", "-r", "--name-only", "main", "tenants/globex/directory/people"]).stdout
      .split(separator: "\n")
    #expect(entries.count == 8)
    let shown = try entries.compactMap { try setup.repository.show("main", String($0)) }.joined()
    #expect(shown.contains("hank.scorpio@globex.example"))
    try setup.repository.expectFsck()

    // The customer sees the ingested file and its report over SFTP, and cannot change the archive.
    let archive = try setup.server.sftp(setup.globex, ["get /archive/\(name).report.txt \(setup.repository.folder.path)/report.txt"])
    #expect(archive.status == 0, "\(archive.transcript)")
    let report = try String(contentsOfFile: setup.repository.folder.path + "/report.txt", encoding: .utf8)
    #expect(report.contains("PeopleSync ingested \(name) for globex"))
    #expect(try setup.server.sftp(setup.globex, ["rm /archive/\(name)"]).status != 0)

    // The same file again: archived, nothing committed; run-daily then finds nothing new.
    let commits = try setup.repository.commitCount()
    #expect(try setup.server.sftp(setup.globex, ["put \(try setup.local("hr.csv", csv)) hr_reports/\(name)"]).status == 0)
    usleep(1_200_000)
    let daily = try setup.repository.expectRun(["run-daily", "--drops", setup.server.drops, "--settle", "1"])
    #expect(daily.stdout.contains("already holds this content (\(name): 8 rows"), "\(daily.transcript)")
    #expect(daily.stdout.contains("initech: no new report to ingest"))
    #expect(daily.stdout.contains("reports 0 ingested, 1 unchanged, 0 rejected"))
    #expect(try setup.repository.commitCount() == commits + 1, "only initech's sync commits")
    #expect(FileManager.default.fileExists(atPath: setup.globexDrop + "/archive/" + name.replacingOccurrences(of: ".csv", with: ".2.csv")))
  }

  @Test("a report uploaded slowly, in parts, is not picked up until it has settled")
  func slowUpload() throws {
    let setup = try Setup()
    defer { setup.finish() }
    let name = Self.reportName(daysAgo: 1)
    let rows = try Globex.rows()
    let full = Globex.csv(rows)
    let cut = full.index(full.startIndex, offsetBy: full.count / 2)
    let part = String(full[..<cut])
    let before = try setup.repository.head()

    // First part, cut in the middle of a row, as a slow upload leaves it.
    #expect(try setup.server.sftp(setup.globex, ["put \(try setup.local(name, part)) hr_reports/\(name)"]).status == 0)
    let early = try setup.repository.expectRun(["ingest", "--tenant", "globex", "--from", setup.globexDrop, "--settle", "2"])
    #expect(early.stdout.contains("waiting for \(name)"), "\(early.transcript)")
    #expect(try setup.repository.head() == before)

    // The rest, appended by resuming the upload a second later: the file is still young.
    usleep(1_000_000)
    let resume = try setup.server.sftp(setup.globex, ["reput \(try setup.local(name, full)) hr_reports/\(name)"])
    #expect(resume.status == 0, "\(resume.transcript)")
    let stillYoung = try setup.repository.expectRun(["ingest", "--tenant", "globex", "--from", setup.globexDrop, "--settle", "2"])
    #expect(stillYoung.stdout.contains("waiting for \(name)"), "\(stillYoung.transcript)")
    #expect(try setup.repository.head() == before)

    usleep(2_300_000)
    let settled = try setup.repository.expectRun(["ingest", "--tenant", "globex", "--from", setup.globexDrop, "--settle", "2"])
    #expect(settled.stdout.contains("ingested \(name) as globex/hr: 8 rows, 8 valid"), "\(settled.transcript)")
    #expect(try setup.repository.show("main", "tenants/globex/sources/hr.csv") == full)
  }

  @Test("a broken report is rejected with a report the customer reads back over SFTP; the snapshot in force stays")
  func brokenUpload() throws {
    let setup = try Setup()
    defer { setup.finish() }
    let good = Self.reportName(daysAgo: 3)
    let broken = Self.reportName(daysAgo: 2)
    let stale = Self.reportName(daysAgo: 4)
    let csv = Globex.csv(try Globex.rows())
    #expect(try setup.server.sftp(setup.globex, ["put \(try setup.local("good.csv", csv)) hr_reports/\(good)"]).status == 0)
    usleep(1_100_000)
    try setup.repository.expectRun(["ingest", "--tenant", "globex", "--from", setup.globexDrop, "--settle", "1"])
    try setup.repository.expectRun(["sync", "--tenant", "globex"])
    let synced = try setup.repository.head()

    // An Excel-style export with the wrong header, and yesterday's file uploaded once more.
    let bad = "\u{FEFF}Name;Mail\r\nHank Scorpio;hank.scorpio@globex.example\r\n"
    let upload = try setup.server.sftp(
      setup.globex,
      ["put \(try setup.local("bad.csv", bad)) hr_reports/\(broken)", "put \(try setup.local("old.csv", csv)) hr_reports/\(stale)"])
    #expect(upload.status == 0, "\(upload.transcript)")
    usleep(1_100_000)
    let daily = try setup.repository.expectRun(["run-daily", "--drops", setup.server.drops, "--settle", "1"], status: 3)
    #expect(daily.stdout.contains("globex: rejected \(broken) (1 problem); the previous snapshot stays in force"), "\(daily.transcript)")
    #expect(daily.stdout.contains("did not ingest \(stale): it is older than the last report ingested"))
    #expect(daily.stdout.contains("reports 0 ingested, 0 unchanged, 1 rejected"))
    #expect(daily.stdout.contains("exit 3"))
    #expect(try setup.repository.show("main", "tenants/globex/sources/hr.csv") == csv)
    #expect(try setup.repository.git(["diff", "--stat", synced, "main", "--", "tenants/globex"]).stdout.isEmpty)

    let folder = setup.repository.folder.path
    let fetch = try setup.server.sftp(
      setup.globex,
      ["ls /rejected", "get /rejected/\(broken).report.txt \(folder)/broken.txt", "get /rejected/\(stale).report.txt \(folder)/stale.txt"])
    #expect(fetch.status == 0, "\(fetch.transcript)")
    #expect(fetch.stdout.contains(broken) && fetch.stdout.contains(stale))
    let report = try String(contentsOfFile: folder + "/broken.txt", encoding: .utf8)
    #expect(report.contains("PeopleSync did not ingest \(broken) for globex"))
    #expect(report.contains("The employee data received before stays in force"))
    #expect(report.contains("\(broken), line 1: missing required columns 'Full Name', 'Email'"), "\(report)")
    #expect(try String(contentsOfFile: folder + "/stale.txt", encoding: .utf8).contains("older than the last report ingested"))
    // The customer may clear its rejected files.
    #expect(try setup.server.sftp(setup.globex, ["rm /rejected/\(broken)", "rm /rejected/\(broken).report.txt"]).status == 0)
  }

  @Test("the chroot is real: no reading outside the tenant's folder, nor another tenant's; keys and passwords as configured")
  func isolation() throws {
    let setup = try Setup(initechPassword: "correct horse battery staple")
    defer { setup.finish() }
    let secret = "Name,Email\nSecret Person,secret@initech.example\n"
    try secret.write(
      toFile: setup.server.drops + "/initech/uploads/hr_reports/people_report_2026-01-01.csv", atomically: true, encoding: .utf8)
    let folder = setup.repository.folder.path

    let top = try setup.server.sftp(setup.globex, ["ls -a /"])
    #expect(top.status == 0)
    let listed = Set(
      top.stdout.split(separator: "\n").filter { !$0.hasPrefix("sftp>") }.flatMap { $0.split(separator: " ") }.map(String.init))
    #expect(listed.isSubset(of: ["/.", "/..", "/archive", "/rejected", "/uploads"]), "\(top.transcript)")
    for path in [
      "/etc/passwd", "../../../etc/passwd", setup.server.drops + "/initech/uploads/hr_reports/people_report_2026-01-01.csv",
      "../initech/uploads/hr_reports/people_report_2026-01-01.csv", "/../initech/uploads/hr_reports/people_report_2026-01-01.csv",
    ] {
      let attempt = try setup.server.sftp(setup.globex, ["get \(path) \(folder)/stolen"])
      #expect(attempt.status != 0, "globex read \(path): \(attempt.transcript)")
      #expect(!FileManager.default.fileExists(atPath: folder + "/stolen"))
    }
    // The chroot's top is root's: nothing can be written there, only in uploads/.
    #expect(try setup.server.sftp(setup.globex, ["put \(try setup.local("x.csv", "x")) /x.csv"]).status != 0)

    // A link made over SFTP points outside the chroot once the pickup reads it: never followed.
    #expect(try setup.server.sftp(setup.globex, ["symlink /etc/shadow hr_reports/\(Self.reportName(daysAgo: 1))"]).status == 0)
    let pickup = try setup.repository.expectRun(["ingest", "--tenant", "globex", "--from", setup.globexDrop, "--settle", "0"])
    #expect(pickup.stdout.contains("not a regular file"), "\(pickup.transcript)")
    #expect(pickup.stdout.contains("no new report to ingest"))

    // Keys: globex's key does not open initech's account.
    let wrongKey = SFTPServer.Account(user: setup.initech.user, key: setup.globex.key, password: nil)
    #expect(try setup.server.sftp(wrongKey, ["ls"]).status != 0)
    // Passwords: allowed for initech (it was given one), refused for globex (key only).
    let withPassword = try setup.server.listWithPassword(user: setup.initech.user, password: "correct horse battery staple")
    #expect(withPassword.status == 0, "\(withPassword.transcript)")
    #expect(withPassword.stdout.contains("hr_reports"))
    let wrongPassword = try setup.server.listWithPassword(user: setup.initech.user, password: "wrong")
    #expect(wrongPassword.status != 0)
    let noPassword = try setup.server.listWithPassword(user: setup.globex.user, password: "correct horse battery staple")
    #expect(noPassword.status != 0)
    // No shell and no forwarding: a command is refused, the session is SFTP only.
    let shell = try Shell.run([
      "ssh", "-p", "\(setup.server.port)", "-i", setup.globex.key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
      "-o", "UserKnownHostsFile=\(setup.server.base)/clients/known_hosts", "\(setup.globex.user)@127.0.0.1", "cat /etc/passwd",
    ])
    #expect(!shell.stdout.contains("root:"), "\(shell.transcript)")

    setup.server.stop()
    #expect(setup.server.leftoverProcesses().isEmpty)
    #expect(!SFTPServer.isRunning(try #require(setup.server.pid)))
  }
}
