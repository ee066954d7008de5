import BenchSupport
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// `peoplesync-bench`: measures the real `peoplesync` binary on generated HR exports.
@main
enum PeopleSyncBench {
  static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if arguments.first == "--serve-fetch-payload", arguments.count >= 2, let employees = Int(arguments[1]) {
      do {
        try FetchBench.serve(employees: employees, seed: arguments.count >= 4 ? UInt64(arguments[3]) ?? 42 : 42)
        exit(0)
      } catch {
        FileHandle.standardError.write(Data("peoplesync-bench: \(error)\n".utf8))
        exit(1)
      }
    }
    let options: BenchOptions
    do {
      options = try BenchOptions.parse(Array(CommandLine.arguments.dropFirst()))
    } catch let error as BenchOptions.UsageError {
      if error.description.isEmpty {
        print(BenchOptions.usage)
        exit(0)
      }
      FileHandle.standardError.write(Data("peoplesync-bench: \(error.description)\n\n\(BenchOptions.usage)\n".utf8))
      exit(2)
    } catch {
      exit(2)
    }
    do {
      exit(try run(options) ? 0 : 1)
    } catch {
      FileHandle.standardError.write(Data("peoplesync-bench: \(error)\n".utf8))
      exit(1)
    }
  }

  /// Runs every size; false when a step failed.
  static func run(_ options: BenchOptions) throws -> Bool {
    let peoplesync = options.generateOnly ? "" : try binary(options)
    let progress: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
    if options.fetch { return try runFetch(options, peoplesync: peoplesync, progress: progress) }
    let runner = BenchRunner(options: options, peoplesync: peoplesync, progress: progress)
    var runs: [SizeRun] = []
    for size in options.sizes {
      let root: String
      if let keep = options.keep {
        root = URL(fileURLWithPath: keep).appendingPathComponent("bench-\(size)").path
        if let existing = try? FileManager.default.contentsOfDirectory(atPath: root), !existing.isEmpty {
          throw BenchOptions.UsageError(description: "\(root) exists and is not empty; choose another --keep folder or remove it")
        }
      } else {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("peoplesync-bench-\(size)-\(UUID().uuidString)").path
      }
      try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
      defer { if options.keep == nil { try? FileManager.default.removeItem(atPath: root) } }
      progress("peoplesync-bench: \(size) employees in \(root)")
      let generator = try runner.generate(employees: size, in: root)
      if options.generateOnly {
        runs.append(
          SizeRun(employees: size, churn: options.churn, seed: options.seed, generator: generator, keptAt: options.keep.map { _ in root }))
        continue
      }
      for rules in options.rules {
        for encrypted in options.encryption {
          for checkout in options.checkout {
            var run = try runner.run(
              employees: size, in: root, generator: generator, encrypted: encrypted, rules: rules, checkout: checkout)
            if options.keep != nil {
              run.keptAt = "\(root)/\(BenchRunner.mode(encrypted: encrypted, rules: rules, checkout: checkout))"
            }
            runs.append(run)
          }
        }
      }
    }
    switch options.format {
    case .text: print(BenchReport.text(runs, options: options, peoplesync: peoplesync), terminator: "")
    case .json: print(try BenchReport.json(runs, options: options, peoplesync: peoplesync), terminator: "")
    }
    return !runs.contains { $0.failed }
  }

  static func runFetch(_ options: BenchOptions, peoplesync: String, progress: (String) -> Void) throws -> Bool {
    var results: [FetchBench.Result] = []
    for size in options.sizes {
      let root =
        options.keep.map { "\($0)/fetch-\(size)" }
        ?? FileManager.default.temporaryDirectory.appendingPathComponent("peoplesync-fetch-bench-\(size)-\(UUID().uuidString)").path
      try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
      defer { if options.keep == nil { try? FileManager.default.removeItem(atPath: root) } }
      results += try FetchBench.run(employees: size, seed: options.seed, peoplesync: peoplesync, root: root, progress: progress)
    }
    print(FetchBench.text(results), terminator: "")
    return true
  }

  /// `--peoplesync`, or the product's release build (`ProductBinary`).
  static func binary(_ options: BenchOptions) throws -> String {
    let path = options.peoplesync.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? ProductBinary.locate()
    guard FileManager.default.isExecutableFile(atPath: path) else {
      throw BenchOptions.UsageError(
        description: "no peoplesync executable at \(path): build it (swift build -c release) or pass --peoplesync PATH")
    }
    return path
  }
}
