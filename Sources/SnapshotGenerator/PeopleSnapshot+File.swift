import Foundation

extension PeopleSnapshot {
  /// Writes the CSV to `path` (replacing it) in 1 MiB chunks; returns the bytes written.
  @discardableResult
  public func write(toFile path: String) throws -> Int {
    guard FileManager.default.createFile(atPath: path, contents: nil) else {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
    }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    var total = 0
    try writeCSV { chunk in
      try handle.write(contentsOf: Data(chunk))
      total += chunk.count
    }
    return total
  }
}
