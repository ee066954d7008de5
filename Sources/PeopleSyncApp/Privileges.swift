import Foundation

/// What the process may do to files that are not its own, in the customers' SFTP drop folders.
enum Privileges {
  /// Whether it may give files and folders away (`fchown`), as the pickup does with the folders
  /// and reports it makes for the customer: root, or a service holding CAP_CHOWN (the packaged
  /// daily job runs as the peoplesync user with it, see deploy/systemd/peoplesync-daily.service).
  static let mayChangeOwners: Bool = effectiveCapabilities().map { $0 & (1 << capChown) != 0 } ?? (geteuid() == 0)

  /// CAP_CHOWN's bit (linux/capability.h).
  static let capChown = 0

  /// The effective capability set from /proc/self/status; nil where there is none to read.
  static func effectiveCapabilities() -> UInt64? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("CapEff:") })
    else { return nil }
    return UInt64(line.dropFirst("CapEff:".count).trimmingCharacters(in: .whitespaces), radix: 16)
  }
}
