import Foundation

/// Where a command writes: data to `out`, messages to `err`. Replaceable in tests.
package final class Console: @unchecked Sendable {
  private let writeOut: (String) -> Void
  private let writeErr: (String) -> Void

  package init(out: @escaping (String) -> Void, err: @escaping (String) -> Void) {
    writeOut = out
    writeErr = err
  }

  /// The process's standard output and error.
  package static let standard = Console(
    out: { FileHandle.standardOutput.write(Data($0.utf8)) },
    err: { FileHandle.standardError.write(Data($0.utf8)) })

  /// Writes data, as is.
  package func data(_ text: String) { writeOut(text) }

  /// Writes a line of data.
  package func line(_ text: String = "") { writeOut(text + "\n") }

  /// Writes a message for the person running the command.
  package func note(_ text: String) { writeErr(text + "\n") }
}
