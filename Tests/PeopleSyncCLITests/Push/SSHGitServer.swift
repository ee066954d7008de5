import Foundation
import TestSupport

/// A real OpenSSH `sshd` on 127.0.0.1 that lets one key in as the current user (root), so that
/// `ssh://root@127.0.0.1:PORT/path` runs git's own receive-pack and upload-pack, as a forge's ssh
/// does. Its host key, the client key and a `known_hosts` naming the server live in `folder`.
/// Stopped by its process id.
final class SSHGitServer: @unchecked Sendable {
  /// sshd needs root to switch users and to own its privilege separation folder.
  static var canRun: Bool { getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd") }

  let folder: String
  let port: UInt16
  private var pid: Int32?

  /// The private key sshd lets in.
  var clientKey: String { folder + "/client" }
  /// A home folder whose `.ssh/known_hosts` has the server's host key.
  var home: String { folder + "/home" }

  init(in parent: String) throws {
    folder = parent + "/ssh"
    port = try freePort()
    try FileManager.default.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true)
    for key in ["host", "client"] {
      let made = try Shell.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", folder + "/" + key])
      guard made.status == 0 else { throw TestFailure("ssh-keygen: \(made.transcript)") }
    }
    try FileManager.default.copyItem(atPath: clientKey + ".pub", toPath: folder + "/authorized_keys")
    let hostKey = try String(contentsOfFile: folder + "/host.pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
    try "[127.0.0.1]:\(port) \(hostKey)\n".write(toFile: home + "/.ssh/known_hosts", atomically: true, encoding: .utf8)
    try """
    Port \(port)
    ListenAddress 127.0.0.1
    HostKey \(folder)/host
    PidFile \(folder)/sshd.pid
    AuthorizedKeysFile \(folder)/authorized_keys
    StrictModes no
    PasswordAuthentication no
    KbdInteractiveAuthentication no
    UsePAM no
    PermitRootLogin prohibit-password

    """.write(toFile: folder + "/sshd_config", atomically: true, encoding: .utf8)
    // sshd's privilege separation needs this folder; Debian creates it only when the service starts.
    try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
    let started = try Shell.run(["/usr/sbin/sshd", "-f", folder + "/sshd_config", "-E", folder + "/sshd.log"])
    guard started.status == 0 else { throw TestFailure("sshd: \(started.transcript)") }
    let deadline = Date().addingTimeInterval(15)
    while pid == nil {
      if let text = try? String(contentsOfFile: folder + "/sshd.pid", encoding: .utf8) {
        pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
      }
      guard Date() < deadline else { throw TestFailure("sshd did not start: \((try? String(contentsOfFile: folder + "/sshd.log")) ?? "")") }
      usleep(50_000)
    }
  }

  /// The ssh URL of a repository on this machine.
  func url(_ path: String) -> String { "ssh://root@127.0.0.1:\(port)\(path)" }

  deinit {
    guard let pid else { return }
    kill(pid, SIGTERM)
    let deadline = Date().addingTimeInterval(10)
    while kill(pid, 0) == 0, (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8))?.contains("zombie") == false,
      Date() < deadline
    {
      usleep(20_000)
    }
  }
}
