import Foundation

/// Where a command writes: data to `out`, messages to `err`. Replaceable in tests.
package final class Console: @unchecked Sendable {
  private let writeOut: (String) -> Void
  private let writeErr: (String) -> Void
  /// Whether `err` reaches a person at a terminal: long commands show their progress only then.
  package let errIsTerminal: Bool

  package init(out: @escaping (String) -> Void, err: @escaping (String) -> Void, errIsTerminal: Bool = false) {
    writeOut = out
    writeErr = err
    self.errIsTerminal = errIsTerminal
  }

  /// The process's standard output and error.
  package static let standard = Console(
    out: { FileHandle.standardOutput.write(Data($0.utf8)) },
    err: { FileHandle.standardError.write(Data($0.utf8)) },
    errIsTerminal: Terminal.isTerminal(STDERR_FILENO))

  /// Writes data, as is.
  package func data(_ text: String) { writeOut(text) }

  /// Writes a line of data.
  package func line(_ text: String = "") { writeOut(text + "\n") }

  /// Writes a message for the person running the command.
  package func note(_ text: String) { writeErr(text + "\n") }

  /// Writes to `err` as is: the progress line's own writes.
  func raw(_ text: String) { writeErr(text) }

  /// The same console, each of its writes clearing `progress` first.
  func clearing(_ progress: ProgressLine) -> Console {
    Console(
      out: { text in progress.interrupting { self.writeOut(text) } }, err: { text in progress.interrupting { self.writeErr(text) } },
      errIsTerminal: errIsTerminal)
  }
}
