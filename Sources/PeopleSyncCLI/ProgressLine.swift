import Dispatch
import Foundation
import PeopleSyncApp
import Synchronization

/// A long command's progress on one line of a terminal, rewritten in place (`\r`) a few times a
/// second: the phase, the count (of the total, when known), the rate and the time spent in the
/// phase. Counting costs an atomic add; drawing happens on a timer, at most every `interval`,
/// and only when the text changed. Without colour (`NO_COLOR`, `TERM=dumb`) it writes no escape
/// sequence at all: a shorter line is padded with spaces over the longer one before it.
package final class ProgressLine: ProgressSink {
  /// How often the line is redrawn: a few times a second, enough to look alive.
  static let interval = 0.2

  private struct Phase {
    var name: String
    var unit: String?
    var total: Int?
    var start: Double
  }

  private struct Screen {
    var phase: Phase?
    /// Characters of the line now on the screen; 0 when there is none.
    var shown = 0
    var text = ""
    var drawnAt = -Double.infinity
  }

  private let prefix: String
  private let color: Bool
  private let write: @Sendable (String) -> Void
  private let columns: @Sendable () -> Int
  private let clock: @Sendable () -> Double
  private let count = Atomic<Int>(0)
  private let screen = Mutex(Screen())
  // Dispatch sources may be scheduled, resumed and cancelled from any thread.
  nonisolated(unsafe) private let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "peoplesync.progress"))
  private let running = Atomic<Bool>(false)

  /// - Parameters:
  ///   - prefix: put before each phase (the command's name and a colon).
  ///   - write: writes to the terminal, as is.
  ///   - columns: the terminal's width; the line is cut to fit, since a wrapped line cannot be rewritten.
  ///   - clock: seconds, for tests; the monotonic clock by default.
  package init(
    prefix: String, color: Bool, write: @escaping @Sendable (String) -> Void,
    columns: @escaping @Sendable () -> Int = { Terminal.columns() },
    clock: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
  ) {
    self.prefix = prefix
    self.color = color
    self.write = write
    self.columns = columns
    self.clock = clock
  }

  package func begin(_ phase: String, unit: String?, total: Int?) {
    let now = clock()
    count.store(0, ordering: .relaxed)
    screen.withLock { screen in
      screen.phase = Phase(name: phase, unit: unit, total: total, start: now)
      // A new phase shows at once, unless the line was drawn a moment ago: then the timer does.
      if now - screen.drawnAt >= Self.interval { draw(&screen, now: now) }
    }
  }

  package func advance(_ count: Int) { self.count.add(count, ordering: .relaxed) }

  deinit {
    // A dispatch source released while never resumed stops the process: cancel it, then let it go.
    if !running.load(ordering: .relaxed) {
      timer.cancel()
      timer.activate()
    }
  }

  /// Starts redrawing on a timer.
  package func start() {
    guard running.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
    timer.schedule(deadline: .now() + Self.interval, repeating: Self.interval)
    timer.setEventHandler { [weak self] in self?.tick() }
    timer.resume()
  }

  /// Redraws the line if its text changed.
  func tick() {
    let now = clock()
    screen.withLock { draw(&$0, now: now) }
  }

  /// Stops the timer and leaves the terminal as it was before the first line.
  package func finish() {
    if running.exchange(false, ordering: .relaxed) { timer.cancel() }
    screen.withLock { screen in
      clear(&screen)
      screen.phase = nil
    }
  }

  /// Runs `output` (a write to stdout or stderr) with the line cleared first, so that what the
  /// command prints is never mixed with it; the next tick draws the line again below.
  package func interrupting(_ output: () -> Void) {
    screen.withLock { screen in
      clear(&screen)
      output()
    }
  }

  private func draw(_ screen: inout Screen, now: Double) {
    guard let phase = screen.phase else { return }
    let parts = Self.parts(
      prefix + phase.name, unit: phase.unit, total: phase.total, count: count.load(ordering: .relaxed), elapsed: now - phase.start)
    let width = max(10, columns() - 1)
    var plain = ""
    var styled = ""
    for (index, part) in [parts.phase, parts.count, parts.rate].enumerated() where !part.isEmpty {
      let room = width - plain.count
      guard room > 0 else { break }
      let text = String((plain.isEmpty ? part : "  " + part).prefix(room))
      plain += text
      guard color else { continue }
      styled += index == 0 ? "\u{1B}[1m\(text)\u{1B}[0m" : index == 2 ? "\u{1B}[2m\(text)\u{1B}[0m" : text
    }
    guard plain != screen.text || screen.shown == 0 else { return }
    if color {
      write("\r" + styled + "\u{1B}[K")
    } else {
      write("\r" + plain + String(repeating: " ", count: max(0, screen.shown - plain.count)))
    }
    screen.text = plain
    screen.shown = plain.count
    screen.drawnAt = now
  }

  private func clear(_ screen: inout Screen) {
    guard screen.shown > 0 else { return }
    write(color ? "\r\u{1B}[K" : "\r" + String(repeating: " ", count: screen.shown) + "\r")
    screen.shown = 0
    screen.text = ""
  }

  /// The line's three parts: the phase; the count, of the total when known; the rate and the
  /// seconds spent (once there is a second to show).
  static func parts(_ phase: String, unit: String?, total: Int?, count: Int, elapsed: Double) -> (
    phase: String, count: String, rate: String
  ) {
    guard let unit else { return (phase, "", elapsed >= 1 ? "\(Int(elapsed))s" : "") }
    let bytes = unit == "bytes"
    func amount(_ value: Int) -> String { bytes ? byteCount(value) : grouped(value) }
    var counted = amount(count)
    if let total, total > 0 {
      counted += "/\(amount(total))"
      counted += bytes ? " (\(min(100, count * 100 / total))%)" : " \(unit) (\(min(100, count * 100 / total))%)"
    } else if !bytes {
      counted += " \(unit)"
    }
    var timing: [String] = []
    if elapsed >= 0.5, count > 0 {
      let rate = Int((Double(count) / elapsed).rounded())
      timing.append(bytes ? "\(byteCount(rate))/s" : "\(grouped(rate)) \(unit)/s")
    }
    if elapsed >= 1 { timing.append("\(Int(elapsed))s") }
    return (phase, counted, timing.joined(separator: "  "))
  }

  /// 1234567 as "1,234,567".
  static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (index, digit) in digits.enumerated() {
      if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
      result.append(digit)
    }
    return value < 0 ? "-" + result : result
  }

  /// A size in bytes, KiB, MiB or GiB, with one decimal past bytes.
  static func byteCount(_ value: Int) -> String {
    let units = ["KiB", "MiB", "GiB"]
    guard value >= 1024 else { return "\(value) B" }
    var size = Double(value) / 1024
    var unit = 0
    while size >= 1024, unit < units.count - 1 {
      size /= 1024
      unit += 1
    }
    return String(format: "%.1f", size) + " " + units[unit]
  }
}

/// What the CLI asks of the terminal.
package enum Terminal {
  /// Whether `descriptor` is a terminal.
  package static func isTerminal(_ descriptor: Int32) -> Bool { isatty(descriptor) == 1 }

  /// The width of the terminal on stderr; `COLUMNS`, then 80, when it says nothing.
  package static func columns() -> Int {
    var size = winsize()
    if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
    return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) ?? 80
  }

  /// Whether escape sequences may be written: not with `NO_COLOR` set (https://no-color.org), nor
  /// on a terminal that says it understands none (`TERM=dumb`).
  package static func allowsEscapes(_ environment: [String: String]) -> Bool {
    (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
  }
}
