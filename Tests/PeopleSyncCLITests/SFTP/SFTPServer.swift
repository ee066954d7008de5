import Foundation
import TestSupport

/// A real OpenSSH `sshd` on 127.0.0.1, configured with `deploy/sftp/peoplesync-sftp.conf` and
/// accounts made by `deploy/sftp/add-tenant`, and the real `sftp` client to talk to it.
///
/// Everything lives under a folder of /srv: sshd refuses a chroot below a folder others can write
/// to, such as /tmp. Needs root (accounts, chroots); `stop()` ends sshd by its process id and
/// `remove()` deletes the accounts and the folder. sshd runs as the daemon it is (it detaches and
/// writes its pid file) rather than as a child: Foundation's Process blocks reaping other children
/// while a long-lived one is running.
final class SFTPServer: @unchecked Sendable {
  let base: String
  let port: Int
  /// sshd's process id, read from its pid file once it has started.
  private(set) var pid: Int32?
  private var users: [String] = []

  var drops: String { base + "/sftp" }
  var keysFolder: String { base + "/keys" }
  var config: String { base + "/ssh/sshd_config" }
  var log: String { base + "/ssh/sshd.log" }

  /// A client identity: the account, its private key, its password if it has one.
  struct Account {
    let user: String
    let key: String
    let password: String?
  }

  static var canRun: Bool { geteuid() == 0 }

  init() throws {
    base = "/srv/peoplesync-test-\(UUID().uuidString.prefix(8).lowercased())"
    try Self.makeFolder("/srv")
    try Self.makeFolder(base)
    try Self.makeFolder(base + "/ssh")
    try Self.makeFolder(base + "/clients")
    port = try Self.freePort()
    try Self.check(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test host", "-f", base + "/ssh/host_ed25519"])
    let hostKey = try String(contentsOfFile: base + "/ssh/host_ed25519.pub", encoding: .utf8)
    try "[127.0.0.1]:\(port) \(hostKey)".write(toFile: base + "/clients/known_hosts", atomically: true, encoding: .utf8)
    // The deployment's fragment as shipped, with only the keys folder moved under this test's folder.
    let fragment = try String(contentsOf: Paths.packageRoot.appendingPathComponent("deploy/sftp/peoplesync-sftp.conf"), encoding: .utf8)
      .replacingOccurrences(of: "/etc/peoplesync/sftp-keys/", with: keysFolder + "/")
    try fragment.write(toFile: base + "/ssh/peoplesync-sftp.conf", atomically: true, encoding: .utf8)
    let main = """
      Port \(port)
      ListenAddress 127.0.0.1
      HostKey \(base)/ssh/host_ed25519
      PidFile \(base)/ssh/sshd.pid
      UsePAM no
      PermitRootLogin no
      StrictModes yes
      PasswordAuthentication no
      KbdInteractiveAuthentication no
      LogLevel VERBOSE
      Subsystem sftp internal-sftp
      Include \(base)/ssh/peoplesync-sftp.conf

      """
    try main.write(toFile: config, atomically: true, encoding: .utf8)
  }

  /// Runs `deploy/sftp/add-tenant` for `tenant` with a new key pair (and a password when given).
  func addTenant(_ tenant: String, password: String? = nil) throws -> Account {
    let key = base + "/clients/\(tenant)"
    try Self.check(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "\(tenant) uploader", "-f", key])
    var arguments = [
      Paths.packageRoot.appendingPathComponent("deploy/sftp/add-tenant").path, tenant, "--key", key + ".pub", "--root", drops,
      "--keys-dir", keysFolder,
    ]
    if let password {
      try password.write(toFile: base + "/clients/\(tenant).password", atomically: true, encoding: .utf8)
      arguments += ["--password-file", base + "/clients/\(tenant).password"]
    }
    let user = "ps-\(tenant)"
    users.append(user)
    try Self.check(arguments)
    return Account(user: user, key: key, password: password)
  }

  /// Runs `deploy/sftp/add-tenant` again for an existing account, with its key, as an operator
  /// does after an upgrade; returns what it said.
  func rerunAddTenant(_ tenant: String, _ account: Account) throws -> ProcessResult {
    try Shell.run([
      Paths.packageRoot.appendingPathComponent("deploy/sftp/add-tenant").path, tenant, "--key", account.key + ".pub", "--root", drops,
      "--keys-dir", keysFolder,
    ])
  }

  func start() throws {
    // sshd's privilege separation needs this folder; Debian creates it only when the service starts.
    try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
    try Self.check(["/usr/sbin/sshd", "-t", "-f", config])
    try Self.check(["/usr/sbin/sshd", "-f", config, "-E", log])
    let deadline = Date().addingTimeInterval(15)
    while pid == nil || !Self.accepts(port: port) {
      if pid == nil, let text = try? String(contentsOfFile: base + "/ssh/sshd.pid", encoding: .utf8) {
        pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
      }
      guard Date() < deadline else {
        throw TestFailure("sshd did not start listening on \(port): \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
      }
      usleep(50_000)
    }
  }

  /// Runs `commands` with the real `sftp` client in batch mode (stops at the first failing command).
  func sftp(_ account: Account, _ commands: [String], in directory: String? = nil) throws -> ProcessResult {
    try Shell.run(
      [
        "sftp", "-b", "-", "-P", "\(port)", "-i", account.key, "-o", "IdentitiesOnly=yes", "-o",
        "UserKnownHostsFile=\(base)/clients/known_hosts",
        "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=10", "\(account.user)@127.0.0.1",
      ], in: directory, input: Data((commands.joined(separator: "\n") + "\n").utf8))
  }

  /// Logs in with a password only (through SSH_ASKPASS, as no terminal is attached) and lists the start folder.
  func listWithPassword(user: String, password: String) throws -> ProcessResult {
    let askpass = base + "/clients/askpass-\(user)"
    try "#!/bin/sh\nprintf '%s\\n' '\(password)'\n".write(toFile: askpass, atomically: true, encoding: .utf8)
    chmod(askpass, 0o700)
    return try Shell.run(
      [
        "sftp", "-P", "\(port)", "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password",
        "-o", "NumberOfPasswordPrompts=1", "-o", "UserKnownHostsFile=\(base)/clients/known_hosts", "-o", "StrictHostKeyChecking=yes",
        "-o", "ConnectTimeout=10", "\(user)@127.0.0.1",
      ], environment: ["SSH_ASKPASS": askpass, "SSH_ASKPASS_REQUIRE": "force", "DISPLAY": ":0"], input: Data("ls\n".utf8))
  }

  /// Stops sshd by its process id and waits until it has ended.
  func stop() {
    guard let pid, Self.isRunning(pid) else { return }
    kill(pid, SIGTERM)
    let deadline = Date().addingTimeInterval(10)
    while Self.isRunning(pid), Date() < deadline { usleep(20_000) }
  }

  /// Whether `pid` is a live process (a zombie waiting to be reaped by init has ended).
  static func isRunning(_ pid: Int32) -> Bool {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return false }
    return !status.split(separator: "\n").contains { $0.hasPrefix("State:") && $0.contains("zombie") }
  }

  /// Processes still running from this server's configuration (none once stopped).
  func leftoverProcesses() -> [Int32] {
    let folders = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return folders.compactMap(Int32.init).filter { pid in
      guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
      return String(decoding: data, as: UTF8.self).contains(config)
    }
  }

  /// Deletes the accounts and every file of this server.
  func remove() {
    stop()
    for user in users { _ = try? Shell.run(["userdel", user]) }
    try? FileManager.default.removeItem(atPath: base)
  }

  private static func makeFolder(_ path: String) throws {
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    guard chmod(path, 0o755) == 0 else { throw TestFailure("chmod \(path): errno \(errno)") }
  }

  private static func check(_ arguments: [String]) throws {
    let result = try Shell.run(arguments)
    guard result.status == 0 else { throw TestFailure("\(arguments.joined(separator: " ")): \(result.transcript)") }
  }

  private static func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else { throw TestFailure("no free port: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  private static func accepts(port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    return withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
    }
  }
}
