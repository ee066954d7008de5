import Foundation

/// The command line of `peoplesync-bench`.
struct BenchOptions {
  enum Format: String { case text, json }

  var sizes: [Int] = [100_000]
  var churn = 0.01
  var seed: UInt64 = 42
  var peoplesync: String?
  var keep: String?
  var format = Format.text
  var plan = true
  var fsck = false
  var generateOnly = false
  /// Measure `fetch` from Workday- and UKG-shaped servers instead of the CSV runs.
  var fetch = false
  /// The modes to run each size in, plain first: `[false, true]` measures the cost of encryption.
  var encryption: [Bool] = [false, true]
  /// Without and/or with the ten benchmark rules: `[false, true]` measures the cost of rules.
  var rules: [Bool] = [false]
  /// In a bare repository and/or in a clone with the branch checked out (as CI's checkout makes
  /// it): `[false, true]` measures what following the working tree costs.
  var checkout: [Bool] = [false]

  static let usage = """
    usage: peoplesync-bench [--employees N[,N...]] [--churn 0.01] [--seed S] [--peoplesync PATH]
                            [--keep DIR] [--format text|json] [--no-plan] [--fsck]
                            [--encryption off|on|both] [--rules off|on|both] [--repository bare|checkout|both]
                            [--customer] [--generate-only --keep DIR]
           peoplesync-bench --fetch [--employees N[,N...]] [--seed S] [--peoplesync PATH] [--keep DIR]

    Generates a seeded HR export of N employees and the next day's export with about CHURN of
    them changed (40% hires, 30% terminations, 20% attribute changes, 10% email changes), then
    runs the real `peoplesync` binary on a temporary bare git repository and measures each step:
    ingest day 0, sync 2026-11-29 (initial import), ingest day 1, plan, sync 2026-11-30 (daily),
    sync 2026-11-30 again (no change), plan again. Wall time, CPU time and peak RSS come from
    wait4(2) for each child; objects from the sync's own report and from `git count-objects -v`.
    With --encryption both (the default) each size runs twice on the same files, first with the
    tenant's encryption off and then on, and the report compares the two.

      --employees N[,N...]  sizes to run, one after another (k and M suffixes: 10k,100k,1M);
                            default 100000
      --churn X             share of the population changed on day 1 (default 0.01)
      --seed S              generator seed (default 42)
      --peoplesync PATH     the binary to measure (default: the product's release build, ../.build/release/peoplesync)
      --keep DIR            keep each run's repository and files in DIR/bench-N
      --format text|json    report format (default text); progress goes to stderr
      --no-plan             skip the two `plan` steps
      --fsck                run `git fsck --strict` on each repository at the end (not timed)
      --encryption MODE     off (plain tenant), on (encrypted tenant, a generated local key) or
                            both (default): both runs and their ratios
      --rules MODE          off (default), on (ten rules: groups by department, location and tenure,
                            a role for managers, a derived field, an exclusion) or both
      --repository MODE     bare (default), checkout (a non-bare clone with the branch checked out, as
                            CI's checkout makes it) or both: both runs and their ratios
      --customer            the tenant as customers configure it: encryption on, the ten rules, a
                            custom field, in a bare repository and in a checkout
                            (= --encryption on --rules on --repository both); the documented figures
      --generate-only       only write DIR/bench-N/day0.csv and day1.csv (needs --keep DIR)
      --fetch               instead: serve the generated people from 127.0.0.1 as a Workday report
                            and as UKG Pro's two paged endpoints (500 a page), and measure
                            `peoplesync fetch`, the initial `sync` and a fetch with nothing new:
                            time and peak memory beside the payload's size

    Build it and the product in release mode first:
      swift build -c release && swift build -c release --package-path Benchmarks
      Benchmarks/.build/release/peoplesync-bench --employees 1M --customer
    """

  struct UsageError: Error, CustomStringConvertible {
    let description: String
  }

  static func parse(_ arguments: [String]) throws -> BenchOptions {
    var options = BenchOptions()
    var index = 0
    func value(_ name: String) throws -> String {
      index += 1
      guard index < arguments.count else { throw UsageError(description: "\(name) needs a value") }
      return arguments[index]
    }
    while index < arguments.count {
      let argument = arguments[index]
      var name = argument
      var inline: String?
      if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
        name = String(argument[..<equals])
        inline = String(argument[argument.index(after: equals)...])
      }
      func text() throws -> String { if let inline { return inline } else { return try value(name) } }
      switch name {
      case "--employees", "--scale":
        options.sizes = try text().split(separator: ",").map { try size(String($0)) }
        if options.sizes.isEmpty { throw UsageError(description: "--employees needs at least one size") }
      case "--churn":
        let raw = try text()
        guard let churn = Double(raw), churn >= 0, churn <= 1 else {
          throw UsageError(description: "--churn takes a share between 0 and 1, not '\(raw)'")
        }
        options.churn = churn
      case "--seed":
        let raw = try text()
        guard let seed = UInt64(raw) else { throw UsageError(description: "--seed takes an unsigned integer, not '\(raw)'") }
        options.seed = seed
      case "--peoplesync": options.peoplesync = try text()
      case "--keep": options.keep = try text()
      case "--format":
        let raw = try text()
        guard let format = Format(rawValue: raw) else { throw UsageError(description: "--format is text or json, not '\(raw)'") }
        options.format = format
      case "--no-plan": options.plan = false
      case "--fsck": options.fsck = true
      case "--generate-only": options.generateOnly = true
      case "--fetch": options.fetch = true
      case "--encryption":
        switch try text() {
        case "off": options.encryption = [false]
        case "on": options.encryption = [true]
        case "both": options.encryption = [false, true]
        case let other: throw UsageError(description: "--encryption is off, on or both, not '\(other)'")
        }
      case "--rules":
        switch try text() {
        case "off": options.rules = [false]
        case "on": options.rules = [true]
        case "both": options.rules = [false, true]
        case let other: throw UsageError(description: "--rules is off, on or both, not '\(other)'")
        }
      case "--repository":
        switch try text() {
        case "bare": options.checkout = [false]
        case "checkout": options.checkout = [true]
        case "both": options.checkout = [false, true]
        case let other: throw UsageError(description: "--repository is bare, checkout or both, not '\(other)'")
        }
      case "--customer":
        (options.encryption, options.rules, options.checkout) = ([true], [true], [false, true])
      case "--help", "-h": throw UsageError(description: "")
      default: throw UsageError(description: "unknown argument '\(argument)'")
      }
      index += 1
    }
    if options.generateOnly && options.keep == nil {
      throw UsageError(description: "--generate-only needs --keep DIR to write the files to")
    }
    return options
  }

  /// `100000`, `100k`, `1M`, `1_000_000`.
  static func size(_ text: String) throws -> Int {
    var digits = text.replacingOccurrences(of: "_", with: "").lowercased()
    var factor = 1
    if digits.hasSuffix("k") {
      factor = 1000; digits.removeLast()
    } else if digits.hasSuffix("m") {
      factor = 1_000_000; digits.removeLast()
    }
    guard let number = Int(digits), number >= 1, number * factor <= 9_000_000 else {
      throw UsageError(description: "'\(text)' is not a size between 1 and 9M")
    }
    return number * factor
  }
}
