import Foundation

/// The system calls a program made, as `strace -f -yy -o FILE` records them: to check the order of
/// fsyncs, renames and answers rather than trust it.
///
/// A call interrupted by another thread's (`<unfinished ...>`, then `<... resumed>`) is one call
/// that starts at its first line and ends at its last: `start` and `end` are line numbers, so a
/// call that ended before another started has `end < start` of the other.
public struct SyscallTrace: Sendable {
  /// One system call.
  public struct Call: Sendable, CustomStringConvertible {
    public let thread: Int
    public let name: String
    /// Everything between the parentheses, with the paths of descriptors (`7</repo/objects/pack>`).
    public let arguments: String
    /// The return value, nil when the call never returned (`exit_group`, a killed process).
    public let result: Int?
    public let start: Int
    public let end: Int

    /// The quoted strings among the arguments, unescaped only as far as strace's `\"`.
    public var strings: [String] {
      var out: [String] = []
      var current: String?
      var escaped = false
      for character in arguments {
        if var text = current {
          if escaped {
            text.append(character)
            escaped = false
          } else if character == "\\" {
            text.append(character)
            escaped = true
          } else if character == "\"" {
            out.append(text)
            current = nil
            continue
          } else {
            text.append(character)
          }
          current = text
        } else if character == "\"" {
          current = ""
        }
      }
      return out
    }

    /// The path of the first descriptor argument (`fsync(7</a/b>)` → `/a/b`), when strace named one.
    public var descriptorPath: String? {
      guard let open = arguments.firstIndex(of: "<"), let close = arguments[open...].firstIndex(of: ">") else { return nil }
      return String(arguments[arguments.index(after: open)..<close])
    }

    /// For a rename or link: where from and where to.
    public var move: (from: String, to: String)? {
      guard ["rename", "renameat", "renameat2", "link", "linkat"].contains(name) else { return nil }
      let paths = strings
      return paths.count >= 2 ? (paths[0], paths[1]) : nil
    }

    public var succeeded: Bool { result.map { $0 >= 0 } ?? false }

    public var description: String { "[\(start)–\(end)] \(thread) \(name)(\(arguments.prefix(160))) = \(result.map(String.init) ?? "?")" }
  }

  public let calls: [Call]

  /// Reads a trace written with `strace -f -o FILE` (with or without timestamps).
  public init(contentsOf path: String) throws {
    self.init(text: try String(contentsOfFile: path, encoding: .utf8))
  }

  public init(text: String) {
    var calls: [Call] = []
    var pending: [Int: (name: String, arguments: String, start: Int)] = [:]
    for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      var line = Substring(raw)
      guard let space = line.firstIndex(of: " "), let thread = Int(line[..<space]) else { continue }
      line = line[line.index(after: space)...].drop { $0 == " " }
      // An optional timestamp (`-ttt`).
      if let first = line.first, first.isNumber, let gap = line.firstIndex(of: " ") { line = line[line.index(after: gap)...] }
      if line.hasPrefix("<... ") {
        // "<... fsync resumed>, ...) = 0" or "<... fsync resumed>) = 0"
        guard let before = pending.removeValue(forKey: thread), let close = line.range(of: " resumed>") else { continue }
        let rest = line[close.upperBound...]
        let (tail, result) = Self.split(rest)
        calls.append(
          Call(thread: thread, name: before.name, arguments: before.arguments + tail, result: result, start: before.start, end: number))
        continue
      }
      guard let open = line.firstIndex(of: "("), line[..<open].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { continue }
      let name = String(line[..<open])
      let body = line[line.index(after: open)...]
      if body.hasSuffix("<unfinished ...>") {
        pending[thread] = (name, String(body.dropLast("<unfinished ...>".count)), number)
        continue
      }
      let (arguments, result) = Self.split(body)
      calls.append(Call(thread: thread, name: name, arguments: arguments, result: result, start: number, end: number))
    }
    // Calls that never returned (exit_group) are still calls.
    for (thread, call) in pending {
      calls.append(Call(thread: thread, name: call.name, arguments: call.arguments, result: nil, start: call.start, end: call.start))
    }
    self.calls = calls.sorted { $0.start < $1.start }
  }

  /// "args) = 0 <...>" → ("args", 0); "args)      = ?" → ("args", nil): strace pads short calls
  /// with spaces before the "=".
  private static func split(_ body: Substring) -> (String, Int?) {
    guard let equals = body.range(of: " = ", options: .backwards) else { return (String(body), nil) }
    var close = equals.lowerBound
    while close > body.startIndex, body[body.index(before: close)] == " " { close = body.index(before: close) }
    guard close > body.startIndex, body[body.index(before: close)] == ")" else { return (String(body), nil) }
    let value = body[equals.upperBound...].prefix { $0 == "-" || $0.isNumber }
    return (String(body[..<body.index(before: close)]), Int(value))
  }

  /// The successful fsyncs (and fdatasyncs) of `path`.
  public func syncs(of path: String) -> [Call] {
    calls.filter { ($0.name == "fsync" || $0.name == "fdatasync") && $0.succeeded && $0.descriptorPath == path }
  }
}
