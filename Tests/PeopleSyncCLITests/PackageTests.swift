import Foundation
import PeopleSyncApp
import TestSupport
import Testing

/// The Debian package `scripts/package` builds (`.ci/run` builds it before the tests), read with
/// `dpkg-deb`, and the systemd units it carries, so that the packaging cannot break unseen. The
/// end-to-end check, installing it and running the demo and the daily job on it, is `.ci/run`'s.
@Suite("Debian package")
struct PackageTests {
  static let units = ["peoplesync-serve.service", "peoplesync-daily.service", "peoplesync-daily.timer"]

  static let architecture: String =
    (try? Shell.run(["dpkg", "--print-architecture"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? "amd64"

  /// The package built from this checkout (`PEOPLESYNC_DEB` names another), when there is one.
  static let deb: String? = {
    let path =
      ProcessInfo.processInfo.environment["PEOPLESYNC_DEB"]
      ?? Paths.packageRoot.appendingPathComponent(
        ".build-package/deb/peoplesync_\(PeopleSyncVersion.current)_\(architecture).deb"
      ).path
    return FileManager.default.fileExists(atPath: path) ? path : nil
  }()

  /// `systemd-analyze verify` on copies of `units` whose ExecStart runs `binary`: its remarks
  /// (empty when the units are clean; unknown keys are only remarked upon, so silence is required).
  static func verify(_ folder: URL, binary: String, in scratch: TemporaryDirectory) throws -> ProcessResult {
    var paths: [String] = []
    for unit in units {
      let text = try String(contentsOf: folder.appendingPathComponent(unit), encoding: .utf8)
      paths.append(try scratch.write("units/\(unit)", text.replacingOccurrences(of: "/usr/bin/peoplesync", with: binary)).path)
    }
    return try Shell.run(["systemd-analyze", "verify"] + paths)
  }

  /// The value of `key` in a unit's text; every value when it is set several times.
  static func values(_ key: String, in text: String) -> [String] {
    text.split(separator: "\n").filter { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
  }

  @Test("the units in deploy/systemd verify clean, and are hardened: user, read-only system, capabilities, writable paths, key")
  func unitsHardened() throws {
    let scratch = try TemporaryDirectory()
    let folder = Paths.packageRoot.appendingPathComponent("deploy/systemd")
    let verified = try Self.verify(folder, binary: Paths.peoplesync, in: scratch)
    #expect(verified.status == 0 && verified.stdout.isEmpty && verified.stderr.isEmpty, "\(verified.transcript)")

    for unit in ["peoplesync-serve.service", "peoplesync-daily.service"] {
      let text = try String(contentsOf: folder.appendingPathComponent(unit), encoding: .utf8)
      func value(_ key: String) -> String? { Self.values(key, in: text).last }
      #expect(value("User") == "peoplesync", "\(unit)")
      for (key, expected) in [
        ("ProtectSystem", "strict"), ("ProtectHome", "yes"), ("PrivateTmp", "yes"), ("NoNewPrivileges", "yes"),
        ("RestrictAddressFamilies", "AF_UNIX AF_INET AF_INET6"), ("StateDirectory", "peoplesync"),
        ("Environment", "PEOPLESYNC_MASTER_KEY_FILE=%d/master.key"),
      ] {
        #expect(Self.values(key, in: text).contains(expected), "\(unit): \(key)=\(expected)")
      }
      // The master key comes from outside the state directory, through systemd, and the file is hidden.
      #expect(value("LoadCredential") == "master.key:/etc/peoplesync/master.key", "\(unit)")
      #expect(Self.values("InaccessiblePaths", in: text).joined(separator: " ").contains("-/etc/peoplesync/master.key"), "\(unit)")
      #expect(Self.values("Environment", in: text).contains("PEOPLESYNC_KEYSTORE=/var/lib/peoplesync/keys"), "\(unit)")
      #expect(value("ExecStart")?.contains("--repo /var/lib/peoplesync/state") == true, "\(unit)")
    }
    let serve = try String(contentsOf: folder.appendingPathComponent("peoplesync-serve.service"), encoding: .utf8)
    #expect(Self.values("CapabilityBoundingSet", in: serve) == [""], "the server holds no capability")
    #expect(Self.values("ReadWritePaths", in: serve).isEmpty, "the server writes its state directory only")
    let daily = try String(contentsOf: folder.appendingPathComponent("peoplesync-daily.service"), encoding: .utf8)
    let capabilities = "CAP_DAC_OVERRIDE CAP_CHOWN CAP_FOWNER"
    #expect(Self.values("CapabilityBoundingSet", in: daily) == [capabilities])
    #expect(Self.values("AmbientCapabilities", in: daily) == [capabilities])
    #expect(Self.values("ReadWritePaths", in: daily) == ["-/srv/peoplesync/sftp"])
    #expect(Self.values("ExecStart", in: daily).first?.contains("run-daily") == true)
    let timer = try String(contentsOf: folder.appendingPathComponent("peoplesync-daily.timer"), encoding: .utf8)
    #expect(Self.values("OnCalendar", in: timer).count == 1 && Self.values("Persistent", in: timer) == ["true"])

    // systemd's own reading of the exposure: a loosened unit shows here first.
    for unit in ["peoplesync-serve.service", "peoplesync-daily.service"] {
      let path = scratch.url.appendingPathComponent("units/\(unit)").path
      let security = try Shell.run(["systemd-analyze", "security", "--offline=yes", "--no-pager", path])
      let level = security.stdout.split(separator: "\n").first { $0.contains("Overall exposure level") }
      let score = level.flatMap { line in line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) } }
      #expect(score.map { $0 <= 2.5 } == true, "\(unit): \(level ?? "no exposure level"): \(security.transcript)")
    }
  }

  @Test("the .deb: name, version, architecture; Depends names the package of each library the binary links", .enabled(if: deb != nil))
  func control() throws {
    let deb = try #require(Self.deb)
    #expect(deb.hasSuffix("/peoplesync_\(PeopleSyncVersion.current)_\(Self.architecture).deb"))
    func field(_ name: String) throws -> String {
      try Shell.run(["dpkg-deb", "-f", deb, name]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    #expect(try field("Package") == "peoplesync")
    #expect(try field("Version") == PeopleSyncVersion.current)
    #expect(try field("Architecture") == Self.architecture)
    let depends = try field("Depends").split(separator: ",").map {
      String($0.trimmingCharacters(in: .whitespaces).split(separator: " ")[0])
    }
    #expect(depends.contains("passwd"), "useradd, for the service user")

    let scratch = try TemporaryDirectory()
    try Shell.run(["dpkg-deb", "-x", deb, scratch.path])
    let binary = scratch.url.appendingPathComponent("usr/bin/peoplesync").path
    let version = try Shell.run([binary, "version"])
    #expect(version.stdout == "peoplesync \(PeopleSyncVersion.current)\n", "\(version.transcript)")
    // The libraries the binary names itself (NEEDED; theirs come with their own packages' Depends),
    // where the loader finds them.
    let needed = Set(
      try Shell.run(["objdump", "-p", binary]).stdout.split(separator: "\n").compactMap { line -> String? in
        let parts = line.split(separator: " ", omittingEmptySubsequences: true)
        return parts.count == 2 && parts[0] == "NEEDED" ? String(parts[1]) : nil
      })
    let found = try Shell.run(["ldd", binary]).stdout
    #expect(!found.contains("not found"), "\(found)")
    let linked = found.split(separator: "\n").compactMap { line -> String? in
      let parts = line.split(whereSeparator: \.isWhitespace)
      return parts.count >= 3 && parts[1] == "=>" && parts[2].hasPrefix("/") && needed.contains(String(parts[0])) ? String(parts[2]) : nil
    }
    #expect(linked.count >= 6, "libgit2, libcrypto, libsodium, libmicrohttpd, libcurl, zlib at least: \(linked)")
    #expect(!needed.contains { $0.contains("swift") || $0.contains("Foundation") || $0.contains("dispatch") }, "\(needed)")
    for library in linked {
      let real = URL(fileURLWithPath: library).resolvingSymlinksInPath().path
      var owner = try Shell.run(["dpkg", "-S", real])
      if owner.status != 0 { owner = try Shell.run(["dpkg", "-S", library]) }
      let package = String(owner.stdout.prefix { $0 != ":" })
      #expect(owner.status == 0 && depends.contains(package), "\(library) comes from \(package), not in Depends: \(depends)")
    }
  }

  @Test("the .deb's files, their modes, the conffiles, maintainer scripts that parse, and its units verify", .enabled(if: deb != nil))
  func contents() throws {
    let deb = try #require(Self.deb)
    let listing = try Shell.run(["dpkg-deb", "-c", deb]).stdout.split(separator: "\n").map { line in
      let parts = line.split(separator: " ", omittingEmptySubsequences: true)
      return (mode: String(parts[0]), owner: String(parts[1]), path: String(parts.last!))
    }
    let files = Dictionary(listing.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    var expected: [String: String] = [
      "./usr/bin/peoplesync": "-rwxr-xr-x", "./usr/sbin/peoplesync-add-tenant": "-rwxr-xr-x",
      "./etc/ssh/sshd_config.d/peoplesync-sftp.conf": "-rw-r--r--", "./etc/peoplesync/peoplesync.env": "-rw-------",
      "./usr/share/doc/peoplesync/install.md": "-rw-r--r--",
    ]
    for unit in Self.units { expected["./lib/systemd/system/\(unit)"] = "-rw-r--r--" }
    let schemas = try FileManager.default.contentsOfDirectory(atPath: Paths.packageRoot.appendingPathComponent("schemas").path)
    for schema in schemas where schema.hasSuffix(".json") { expected["./usr/share/peoplesync/schemas/\(schema)"] = "-rw-r--r--" }
    for (path, mode) in expected.sorted(by: { $0.key < $1.key }) {
      #expect(files[path]?.mode == mode, "\(path): \(files[path].map { "\($0.mode)" } ?? "missing")")
    }
    #expect(listing.allSatisfy { $0.owner == "root/root" }, "every file root's")

    let scratch = try TemporaryDirectory()
    try Shell.run(["dpkg-deb", "-x", deb, scratch.url.appendingPathComponent("root").path])
    try Shell.run(["dpkg-deb", "-e", deb, scratch.url.appendingPathComponent("control").path])
    let root = scratch.url.appendingPathComponent("root")
    for unit in Self.units {
      let packaged = try String(contentsOf: root.appendingPathComponent("lib/systemd/system/\(unit)"), encoding: .utf8)
      let source = try String(contentsOf: Paths.packageRoot.appendingPathComponent("deploy/systemd/\(unit)"), encoding: .utf8)
      #expect(packaged == source, "\(unit) as in deploy/systemd")
    }
    let verified = try Self.verify(
      root.appendingPathComponent("lib/systemd/system"), binary: root.appendingPathComponent("usr/bin/peoplesync").path, in: scratch)
    #expect(verified.status == 0 && verified.stdout.isEmpty && verified.stderr.isEmpty, "\(verified.transcript)")

    let control = scratch.url.appendingPathComponent("control")
    let conffiles = try String(contentsOf: control.appendingPathComponent("conffiles"), encoding: .utf8)
    #expect(conffiles == "/etc/peoplesync/peoplesync.env\n/etc/ssh/sshd_config.d/peoplesync-sftp.conf\n")
    for script in ["postinst", "prerm", "postrm"] {
      let path = control.appendingPathComponent(script).path
      #expect(FileManager.default.isExecutableFile(atPath: path), "\(script)")
      let parsed = try Shell.run(["sh", "-n", path])
      #expect(parsed.status == 0, "\(script): \(parsed.transcript)")
    }
  }
}
