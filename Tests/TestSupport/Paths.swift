import Foundation

/// Where things are: the package checkout, its fixtures, the built binaries.
public enum Paths {
  /// The package root (the folder holding Package.swift).
  public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// A file under `Tests/Fixtures/`.
  public static func fixture(_ relative: String) -> URL {
    packageRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(relative)
  }

  /// The folder the test bundle was built into; the executables sit beside it.
  public static let productsFolder: URL = {
    let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = runner.deletingLastPathComponent()
    // On Linux the runner is `.build/<config>/<Package>PackageTests.xctest`.
    while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("peoplesync").path), folder.path != "/" {
      folder = folder.deletingLastPathComponent()
    }
    return folder
  }()

  /// The built `peoplesync` executable.
  public static var peoplesync: String { productsFolder.appendingPathComponent("peoplesync").path }
}

/// A folder that exists for one test and is removed afterwards.
public final class TemporaryDirectory: @unchecked Sendable {
  public let url: URL
  public var path: String { url.path }

  public init(prefix: String = "peoplesync-test") throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  /// Writes `contents` to `relative`, creating folders as needed.
  @discardableResult
  public func write(_ relative: String, _ contents: String) throws -> URL {
    try write(relative, Data(contents.utf8))
  }

  @discardableResult
  public func write(_ relative: String, _ contents: Data) throws -> URL {
    let file = url.appendingPathComponent(relative)
    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try contents.write(to: file)
    return file
  }
}
