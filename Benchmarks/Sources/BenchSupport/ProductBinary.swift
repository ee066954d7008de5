import Foundation

/// Where the `peoplesync` binary a benchmark measures is, when not given.
public enum ProductBinary {
  /// This program's own path.
  public static var me: String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
  }

  /// `peoplesync` beside this program, or else the release build of the product's package: the
  /// nearest folder above this program holding `.build/release/peoplesync` (the benchmarks' package
  /// sits inside the product's).
  public static func locate(configuration: String = "release") -> String {
    let folder = URL(fileURLWithPath: me).resolvingSymlinksInPath().deletingLastPathComponent()
    let beside = folder.appendingPathComponent("peoplesync").path
    if FileManager.default.isExecutableFile(atPath: beside) { return beside }
    var parent = folder
    while parent.path != "/" {
      parent = parent.deletingLastPathComponent()
      let candidate = parent.appendingPathComponent(".build/\(configuration)/peoplesync").path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return beside
  }
}
