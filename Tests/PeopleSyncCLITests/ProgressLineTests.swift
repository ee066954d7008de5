import Foundation
import Synchronization
import Testing

@testable import PeopleSyncCLI

/// The progress line drawn in memory: a clock the test moves, a terminal the test reads.
@Suite("progress line")
struct ProgressLineTests {
  /// What the line wrote, and a clock the test sets.
  final class Terminal: Sendable {
    let written = Mutex<[String]>([])
    let now = Mutex<Double>(100)

    var output: String { written.withLock { $0.joined() } }
    var writes: Int { written.withLock { $0.count } }

    func line(color: Bool, columns: Int = 120) -> ProgressLine {
      ProgressLine(
        prefix: "sync: ", color: color, write: { text in self.written.withLock { $0.append(text) } }, columns: { columns },
        clock: { self.now.withLock { $0 } })
    }

    func advance(_ seconds: Double) { now.withLock { $0 += seconds } }
  }

  @Test("a phase shows at once with its count of the total, then its rate and time once the timer ticks")
  func phaseCountRate() {
    let terminal = Terminal()
    let line = terminal.line(color: false)
    line.begin("acme: write entries", unit: "entries", total: 15_600)
    #expect(terminal.output == "\rsync: acme: write entries  0/15,600 entries (0%)")
    line.advance(7_800)
    terminal.advance(2)
    line.tick()
    #expect(terminal.output.hasSuffix("\rsync: acme: write entries  7,800/15,600 entries (50%)  3,900 entries/s  2s"))
  }

  @Test("throttled: phases begun in quick succession and ticks without change draw nothing more")
  func throttled() {
    let terminal = Terminal()
    let line = terminal.line(color: false)
    line.begin("acme: read the snapshots and the directory")
    line.begin("acme: plan")
    line.begin("acme: commit")
    #expect(terminal.writes == 1, "only the first phase is drawn at once: \(terminal.output.debugDescription)")
    terminal.advance(0.2)
    line.tick()
    line.tick()
    #expect(terminal.writes == 2)
    #expect(
      terminal.output.hasSuffix(
        "\rsync: acme: commit" + String(repeating: " ", count: "read the snapshots and the directory".count - "commit".count)))
  }

  @Test("NO_COLOR: no escape sequence; a shorter line is padded over the longer one, and cleared with spaces")
  func withoutColor() {
    let terminal = Terminal()
    let line = terminal.line(color: false)
    line.begin("globex: read and validate", unit: "rows", total: nil)
    line.advance(1024)
    terminal.advance(1)
    line.tick()
    line.finish()
    #expect(!terminal.output.contains("\u{1B}"), "\(terminal.output.debugDescription)")
    let last = terminal.written.withLock { $0.last! }
    #expect(last.hasPrefix("\r") && last.hasSuffix("\r") && last.dropFirst().dropLast().allSatisfy { $0 == " " })
  }

  @Test("in colour: the phase in bold, the rate dimmed, the rest of the line erased")
  func withColor() {
    let terminal = Terminal()
    let line = terminal.line(color: true)
    line.begin("acme/hr: fetch from workday", unit: "bytes", total: nil)
    line.advance(3 * 1024 * 1024)
    terminal.advance(2)
    line.tick()
    #expect(
      terminal.output.hasSuffix(
        "\r\u{1B}[1msync: acme/hr: fetch from workday\u{1B}[0m  3.0 MiB\u{1B}[2m  1.5 MiB/s  2s\u{1B}[0m\u{1B}[K"),
      "\(terminal.output.debugDescription)")
    line.finish()
    #expect(terminal.output.hasSuffix("\r\u{1B}[K"))
  }

  @Test("what the command prints clears the line first; the next tick draws it again")
  func interrupted() {
    let terminal = Terminal()
    let line = terminal.line(color: false)
    line.begin("acme: plan")
    line.interrupting { terminal.written.withLock { $0.append("warning: something\n") } }
    #expect(terminal.output == "\rsync: acme: plan" + "\r" + String(repeating: " ", count: 16) + "\r" + "warning: something\n")
    terminal.advance(1)
    line.tick()
    #expect(terminal.output.hasSuffix("warning: something\n\rsync: acme: plan  1s"))
  }

  @Test("cut to the terminal's width: a wrapped line could not be rewritten")
  func narrow() {
    let terminal = Terminal()
    let line = terminal.line(color: false, columns: 20)
    line.begin("acme: read the snapshots and the directory")
    #expect(terminal.output == "\rsync: acme: read th")
  }

  @Test("counts and sizes read easily")
  func formats() {
    #expect(ProgressLine.grouped(0) == "0")
    #expect(ProgressLine.grouped(999) == "999")
    #expect(ProgressLine.grouped(1_000) == "1,000")
    #expect(ProgressLine.grouped(1_234_567) == "1,234,567")
    #expect(ProgressLine.byteCount(512) == "512 B")
    #expect(ProgressLine.byteCount(1536) == "1.5 KiB")
    #expect(ProgressLine.byteCount(5 * 1024 * 1024 * 1024) == "5.0 GiB")
  }

  @Test("only the long commands take --quiet and show progress, and only on a terminal")
  func whichCommands() {
    let long = CLI.commands.filter(\.reportsProgress).map(\.name).sorted()
    #expect(long == ["encrypt", "fetch", "ingest", "run-daily", "sync"])
    for command in CLI.commands {
      #expect(CLI.help(for: command).contains("--quiet") == command.reportsProgress, "\(command.name)")
    }
    let sync = CLI.commands.first { $0.name == "sync" }!
    let terminal = Console(out: { _ in }, err: { _ in }, errIsTerminal: true)
    let pipe = Console(out: { _ in }, err: { _ in }, errIsTerminal: false)
    #expect(CLI.progressLine(for: sync, Arguments(), console: terminal, environment: [:]) != nil)
    #expect(CLI.progressLine(for: sync, Arguments(flags: ["quiet"]), console: terminal, environment: [:]) == nil)
    #expect(CLI.progressLine(for: sync, Arguments(), console: pipe, environment: [:]) == nil)
    #expect(CLI.progressLine(for: sync, Arguments(), console: terminal, environment: ["PEOPLESYNC_TIMINGS": "1"]) == nil)
  }

  @Test("escape sequences: none with NO_COLOR set to anything, nor on a dumb terminal")
  func escapes() {
    #expect(PeopleSyncCLI.Terminal.allowsEscapes(["TERM": "xterm-256color"]))
    #expect(PeopleSyncCLI.Terminal.allowsEscapes(["NO_COLOR": ""]))
    #expect(!PeopleSyncCLI.Terminal.allowsEscapes(["NO_COLOR": "1"]))
    #expect(!PeopleSyncCLI.Terminal.allowsEscapes(["TERM": "dumb"]))
  }
}
