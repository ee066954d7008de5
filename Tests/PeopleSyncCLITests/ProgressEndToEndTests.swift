import Foundation
import TestSupport
import Testing

/// The long commands run by the built binary with stderr on a pseudo-terminal (Python's `pty`)
/// and on a pipe: progress on the terminal only, and then never in the way of what they print.
@Suite("progress end to end")
struct ProgressEndToEndTests {
  enum LongCommand: String, CaseIterable, CustomTestStringConvertible {
    case ingest, sync, fetch, encrypt
    case runDaily = "run-daily"

    var testDescription: String { rawValue }
  }

  /// How stderr is attached, and the options and environment that go with it.
  enum Mode: CaseIterable, CustomStringConvertible {
    case pipe, terminal, terminalNoColor, terminalQuiet

    var description: String {
      switch self {
      case .pipe: "a pipe"
      case .terminal: "a terminal"
      case .terminalNoColor: "a terminal, NO_COLOR=1"
      case .terminalQuiet: "a terminal, --quiet"
      }
    }
    var onTerminal: Bool { self != .pipe }
    var extra: [String] { self == .terminalQuiet ? ["--quiet"] : [] }
    var environment: [String: String] { self == .terminalNoColor ? ["NO_COLOR": "1"] : ["NO_COLOR": ""] }
  }

  /// A repository ready for `command`, its arguments, its environment, and what must stay alive meanwhile.
  struct Setup {
    let repo: TemporaryRepository
    let arguments: [String]
    var environment: [String: String] = [:]
    var server: FetchFixture?
  }

  static func setup(_ command: LongCommand) throws -> Setup {
    switch command {
    case .ingest:
      let repo = try TemporaryRepository.withExamples(tenants: ["globex"])
      let rows = try Globex.rows()
      let file = try repo.scratchFile(
        "hr.csv", Globex.csv(rows + ["Lenny Leonard,lenny@globex.example,G900,Operations,Technician,2024-01-08,,,Springfield,"]))
      return Setup(repo: repo, arguments: ["ingest", "--tenant", "globex", "--file", file])
    case .sync:
      return Setup(
        repo: try TemporaryRepository.withExamples(tenants: ["globex", "initech"]), arguments: ["sync", "--as-of", "2026-11-29"])
    case .fetch:
      let fixture = try Workday.fixture()
      return Setup(repo: fixture.repo, arguments: ["fetch", "--tenant", "wdco"], environment: fixture.environment, server: fixture)
    case .encrypt:
      let repo = try TemporaryRepository.withExamples(tenants: ["globex"])
      let config = try String(contentsOf: Paths.packageRoot.appendingPathComponent("tenants/globex/tenant.json"), encoding: .utf8)
      try repo.write("tenants/globex/tenant.json", config.replacingOccurrences(of: "\"enabled\": false", with: "\"enabled\": true"))
      try repo.commitAll("Turn encryption on for globex")
      return Setup(repo: repo, arguments: ["encrypt", "--tenant", "globex"])
    case .runDaily:
      let repo = try TemporaryRepository.withExamples(tenants: ["globex"])
      let drops = repo.folder.url.appendingPathComponent("drops").path
      let report = URL(fileURLWithPath: drops + "/globex/uploads/hr_reports/people_report_2026-11-20.csv")
      try FileManager.default.createDirectory(at: report.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Globex.csv(try Globex.rows()).write(to: report, atomically: true, encoding: .utf8)
      return Setup(repo: repo, arguments: ["run-daily", "--drops", drops, "--settle", "0", "--as-of", "2026-11-29"])
    }
  }

  /// How a run ended, and what it wrote.
  struct Outcome {
    let status: Int32
    let stdout: String
    let stderr: String

    var transcript: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr.debugDescription)" }
  }

  /// Runs `arguments` with stdin empty, stdout on a pipe, and stderr on a pipe or on a pseudo-terminal
  /// 200 columns wide in raw mode (what the program writes arrives unchanged).
  static func run(_ arguments: [String], stderrOnTerminal: Bool, environment: [String: String]) throws -> Outcome {
    guard stderrOnTerminal else {
      let result = try Shell.run(arguments, environment: environment)
      return Outcome(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }
    let helper = """
      import fcntl, json, os, pty, struct, subprocess, sys, termios, threading, tty
      master, slave = pty.openpty()
      tty.setraw(slave)
      fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 200, 0, 0))
      child = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave)
      os.close(slave)
      out = []
      reader = threading.Thread(target=lambda: out.append(child.stdout.read()))
      reader.start()
      err = b""
      while True:
          try:
              chunk = os.read(master, 65536)
          except OSError:
              break
          if not chunk:
              break
          err += chunk
      child.wait()
      reader.join()
      json.dump({"status": child.returncode, "stdout": out[0].decode(), "stderr": err.decode()}, sys.stdout)
      """
    let result = try Shell.run(["python3", "-c", helper] + arguments, environment: environment)
    guard result.status == 0, let answer = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
      throw TestFailure("the pseudo-terminal helper failed: \(result.transcript)")
    }
    return Outcome(
      status: Int32(answer["status"] as! Int), stdout: answer["stdout"] as! String, stderr: answer["stderr"] as! String)
  }

  /// What a terminal shows once `text` is written to it: `\r` goes back to the start of the line,
  /// `ESC [ K` erases to its end, other escape sequences change only colours; trailing spaces dropped.
  static func screen(_ text: String) -> String {
    let scalars = Array(text.unicodeScalars)
    var lines: [String] = []
    var line: [Unicode.Scalar] = []
    var cursor = 0
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      index += 1
      switch scalar {
      case "\u{1B}" where index < scalars.count && scalars[index] == "[":
        index += 1
        while index < scalars.count, !CharacterSet.letters.contains(scalars[index]) { index += 1 }
        if index < scalars.count, scalars[index] == "K", cursor < line.count { line.removeSubrange(cursor...) }
        index += 1
      case "\r": cursor = 0
      case "\n":
        lines.append(String(String.UnicodeScalarView(line)))
        line = []
        cursor = 0
      default:
        if cursor < line.count { line[cursor] = scalar } else { line.append(scalar) }
        cursor += 1
      }
    }
    if !line.isEmpty { lines.append(String(String.UnicodeScalarView(line))) }
    var shown = lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }
    while shown.last?.isEmpty == true { shown.removeLast() }
    return shown.joined(separator: "\n")
  }

  /// Commit ids and temporary folders differ from run to run: replaced.
  static func normalized(_ text: String) -> String {
    // Folders first: a folder's UUID can begin with eight digits, which look like a commit id.
    text.replacingOccurrences(of: "peoplesync-repo-[0-9A-Fa-f-]+", with: "<folder>", options: .regularExpression)
      .replacingOccurrences(of: "\\b[0-9a-f]{7,40}\\b", with: "<commit>", options: .regularExpression)
      .replacingOccurrences(of: "127\\.0\\.0\\.1:[0-9]+", with: "127.0.0.1:<port>", options: .regularExpression)
      // Each mode runs on a fresh repository of its own, and an encrypted tenant's object count
      // differs between two fresh repositories (seen: 22 and 23); what is compared is the text.
      .replacingOccurrences(of: "\\([0-9]+ objects written\\)", with: "(<n> objects written)", options: .regularExpression)
  }

  @Test(
    "on a terminal the phase is shown and then cleared, leaving what a pipe gets; on a pipe and with --quiet nothing is added; NO_COLOR writes no escape",
    arguments: LongCommand.allCases)
  func progress(command: LongCommand) throws {
    var results: [Mode: Outcome] = [:]
    for mode in Mode.allCases {
      let setup = try Self.setup(command)
      let environment = setup.repo.environment.merging(setup.environment) { $1 }.merging(mode.environment) { $1 }
      let arguments = [Paths.peoplesync] + setup.arguments + mode.extra + ["--repo", setup.repo.path]
      let result = try Self.run(arguments, stderrOnTerminal: mode.onTerminal, environment: environment)
      #expect(result.status == 0, "\(command.rawValue), stderr on \(mode): \(result.transcript)")
      results[mode] = result
      withExtendedLifetime(setup.server) {}
    }
    let piped = try #require(results[.pipe])
    let phase = "\(command.rawValue): "
    #expect(
      !piped.stderr.contains("\r") && !piped.stderr.split(separator: "\n").contains { $0.hasPrefix(phase) },
      "a pipe gets no progress: \(piped.stderr.debugDescription)")
    for mode in Mode.allCases where mode != .pipe {
      let result = try #require(results[mode])
      #expect(Self.normalized(result.stdout) == Self.normalized(piped.stdout), "\(command.rawValue), \(mode): stdout as on a pipe")
      #expect(
        Self.normalized(Self.screen(result.stderr)) == Self.normalized(Self.screen(piped.stderr)),
        "\(command.rawValue), \(mode): the terminal ends up showing what a pipe gets: \(result.stderr.debugDescription)")
      switch mode {
      case .terminalQuiet:
        #expect(Self.normalized(result.stderr) == Self.normalized(piped.stderr), "--quiet: \(result.stderr.debugDescription)")
      case .terminal:
        #expect(result.stderr.contains("\r\u{1B}[1m" + phase), "\(result.stderr.debugDescription)")
      case .terminalNoColor:
        #expect(result.stderr.contains("\r" + phase), "\(result.stderr.debugDescription)")
        #expect(!result.stderr.contains("\u{1B}"), "NO_COLOR: \(result.stderr.debugDescription)")
      case .pipe: break
      }
    }
  }
}
